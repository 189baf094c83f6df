"""Writes the second wildfire report of the english2 corpus as a Word file (run once; the file is committed)."""
from datetime import datetime

import docx

paras = [
    "Coastal Times | Local news",
    "Pinecrest fire: residents point to damaged power line",
    "Priya Shah",
    "3 August 2026",
    "Residents of Pinecrest say a damaged power line, not a cigarette, started the wildfire that has now burned "
    "2,300 hectares of forest. Several witnesses told the Coastal Times that they saw sparks from a sagging line "
    "on Ridge Road on Friday evening, shortly before the first flames.",
    "Sponsored",
    "The utility company, Westgrid, said it was checking its lines in the area but that it was too early to say "
    "what had caused the fire. Police have opened an investigation.",
    "According to the county, 2,400 people have been evacuated and 15 homes have been destroyed. Mayor Janet "
    "Cole said that an emergency fund of £500,000 had been set up for families who lost their homes.",
    "Click here to subscribe to our newsletter",
]
d = docx.Document()
for i, p in enumerate(paras):
    d.add_heading(p, level=1) if i == 1 else d.add_paragraph(p)
d.core_properties.author = "Priya Shah"
d.core_properties.created = datetime(2026, 8, 3, 7, 0)
d.save("wildfire_pinecrest_coastal.docx")
