"""Writes the two flood reports of the english corpus: a Word file and a PDF (run once; the files are committed)."""
from datetime import datetime

import docx
from fpdf import FPDF

a_paras = [
    "Millbrook Gazette",
    "Share",
    "Hundreds evacuated as River Arden bursts its banks in Millbrook",
    "Residents spent the night in a school hall while the water kept rising.",
    "By Emma Clarke",
    "9 February 2026",
    "About 1,200 residents of Millbrook were evacuated on Sunday night after the River Arden burst its banks following "
    "98 millimetres of rain in 24 hours. The water rose 2.4 metres above its normal level, the highest since records "
    "began.",
    "ADVERTISEMENT",
    "According to the district council, 340 homes were flooded, most of them in the streets around Station Road and "
    "the old mill. Council engineers said a culvert under Station Road had been blocked by debris, which made the "
    "flooding much worse.",
    "Firefighters rescued an 81-year-old man by boat from the ground floor of his house in Mill Lane. He was unhurt.",
    "An emergency shelter was set up in St Mary's school, where volunteers handed out blankets and hot meals. Mayor "
    "Tom Ashworth thanked the volunteers and said that the clean-up would take weeks.",
    "The council estimates the damage at £35 million.",
    "Share this article",
    "Sign up for flood alerts",
]
d = docx.Document()
for i, p in enumerate(a_paras):
    d.add_heading(p, level=1) if i == 2 else d.add_paragraph(p)
d.core_properties.title = "Hundreds evacuated as River Arden bursts its banks in Millbrook"
d.core_properties.author = "Emma Clarke"
d.core_properties.created = datetime(2026, 2, 9, 8, 30)
d.save("flood_millbrook_gazette.docx")

b_paras = [
    "NORTHERN CHRONICLE  |  News  |  Advertisement",
    "Millbrook flood: residents demand answers",
    "By Raj Patel, 10 February 2026",
    "Angry residents of Millbrook want to know why the town was not better protected when the River Arden flooded on "
    "Sunday night. About 900 people had to leave their homes, and 410 properties were flooded, the emergency "
    "services said on Monday.",
    "The Environment Agency said record rainfall of 112 millimetres in 24 hours caused the flood, and that the "
    "blocked culvert under Station Road had made little difference to the water level.",
    "A flood defence wall along the river was planned in 2019 but never built, because its funding was cut when the "
    "government reduced grants for flood protection. \"We were promised that wall,\" said Linda Shaw, whose house on "
    "Mill Lane was flooded for the second time in five years.",
    "Insurers estimate the damage at £50 million.",
    "A residents' meeting with the Environment Agency and the council will be held on Friday at the town hall.",
    "Page 1 of 1  |  Share  |  Print",
]
pdf = FPDF()
pdf.set_title("Millbrook flood: residents demand answers")
pdf.set_author("Raj Patel")
pdf.set_creation_date(datetime(2026, 2, 10, 9, 0))
pdf.add_page()
pdf.set_font("Helvetica", size=11)
for p in b_paras:
    pdf.multi_cell(0, 6, p)
    pdf.ln(3)
pdf.output("flood_millbrook_chronicle.pdf")
