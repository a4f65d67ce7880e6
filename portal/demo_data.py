"""The demo data: the two seed documents the portal was conceived from, transcribed.

``TOP_PUBLICATIONS`` and ``MORE_PUBLICATIONS`` are the imatinib mesylate drug page, entry by
entry and in its order: authors as printed (six, with ``et_al`` when the page adds "et al."),
title, journal abbreviation, year, volume, pages and the curator's excerpt exactly as printed.
Characters the original page lost are restored (NF-κB, PDGFRα, PPAR-γ, "5 cm" with a thin
space). Where PMIDs, DOIs, PMCIDs, issues or dates were checked against the article's own
record they are added; fields the seed does not give and that could not be checked are absent.

``POST`` is the commentary post by MouseDoctor with its four references. The seed's
introduction stops mid-sentence at "(especially in older"; it is completed with
"publications)." The seed gives no date; the post is dated after its newest reference
(2019-12-17).

``tests/test_demo_data.py`` compares these entries field by field with the seed text.
"""

DRUG = {
    "name": "Imatinib",
    "slug": "imatinib",
    "summary": (
        "A tyrosine kinase inhibitor and ANTINEOPLASTIC AGENT that inhibits the BCR-ABL kinase created by "
        "chromosome rearrangements in CHRONIC MYELOID LEUKEMIA and ACUTE LYMPHOBLASTIC LEUKEMIA, as well as "
        "PDG-derived tyrosine kinases that are overexpressed in gastrointestinal stromal tumors."
    ),
    "last_reviewed": "2026-11-23",
    "mesh_ui": "D000068877",
    "drugbank_id": "DB00619",
    "pubchem_cid": 5291,
    "chebi_id": "CHEBI:45783",
    "atc_code": "L01EA01",
}

# (name, kind): the seed drug page's title and the other names the commentary post gives.
NAMES = [
    ("imatinib", "inn"),
    ("imatinib mesylate", "salt"),
    ("imatinib mesilate", "salt"),
    ("Gleevec", "brand"),
    ("Glivec", "brand"),
    ("STI571", "code"),
    ("CGP57148B", "code"),
]

CLASSES = [
    {"name": "Tyrosine kinase inhibitors", "slug": "tyrosine-kinase-inhibitors", "atc_code": "L01E"},
    {"name": "Antineoplastic agents", "slug": "antineoplastic-agents", "atc_code": "L01"},
]
TARGETS = [
    {"name": "BCR-ABL", "slug": "bcr-abl", "gene_symbol": "ABL1"},
    {"name": "KIT", "slug": "kit", "gene_symbol": "KIT"},
    {"name": "PDGF receptors", "slug": "pdgf-receptors", "gene_symbol": "PDGFRA"},
]
CONDITIONS = [
    {"name": "Chronic myeloid leukemia", "slug": "chronic-myeloid-leukemia", "mesh_ui": "D015464"},
    {"name": "Acute lymphoblastic leukemia", "slug": "acute-lymphoblastic-leukemia", "mesh_ui": "D054198"},
    {
        "name": "Gastrointestinal stromal tumors",
        "slug": "gastrointestinal-stromal-tumors",
        "mesh_ui": "D046152",
    },
]

# ISO abbreviation as the seed prints it -> the journal's full title.
JOURNALS = {
    "Acta Oncol": "Acta oncologica (Stockholm, Sweden)",
    "Am J Hematol": "American journal of hematology",
    "Ann Hematol": "Annals of hematology",
    "Anticancer Res": "Anticancer research",
    "Arterioscler Thromb Vasc Biol": "Arteriosclerosis, thrombosis, and vascular biology",
    "BMC Cancer": "BMC cancer",
    "BMJ Case Rep": "BMJ case reports",
    "Biochem Biophys Res Commun": "Biochemical and biophysical research communications",
    "Blood": "Blood",
    "Br J Cancer": "British journal of cancer",
    "Cancer Res": "Cancer research",
    "Cell Chem Biol": "Cell chemical biology",
    "Cell Physiol Biochem": "Cellular physiology and biochemistry",
    "Circulation": "Circulation",
    "Clin Pharmacol Ther": "Clinical pharmacology and therapeutics",
    "Crit Care": "Critical care (London, England)",
    "Eur J Haematol": "European journal of haematology",
    "Eur J Heart Fail": "European journal of heart failure",
    "Eur J Immunol": "European journal of immunology",
    "Genet Mol Res": "Genetics and molecular research",
    "Haematologica": "Haematologica",
    "Hematology": "Hematology (Amsterdam, Netherlands)",
    "Hematology Am Soc Hematol Educ Program": "Hematology. American Society of Hematology. Education Program",
    "Iran J Allergy Asthma Immunol": "Iranian journal of allergy, asthma, and immunology",
    "J Clin Oncol": "Journal of clinical oncology",
    "J Gastrointest Cancer": "Journal of gastrointestinal cancer",
    "J Immunol": "Journal of immunology (Baltimore, Md. : 1950)",
    "J Med Chem": "Journal of medicinal chemistry",
    "J Neuroimmunol": "Journal of neuroimmunology",
    "J Proteomics": "Journal of proteomics",
    "J Surg Oncol": "Journal of surgical oncology",
    "Lancet Oncol": "The Lancet. Oncology",
    "Leuk Res": "Leukemia research",
    "Leukemia": "Leukemia",
    "Medicine (Baltimore)": "Medicine",
    "Mult Scler": "Multiple sclerosis (Houndmills, Basingstoke, England)",
    "N Engl J Med": "The New England journal of medicine",
    "Nat Med": "Nature medicine",
    "Nature": "Nature",
    "Obstet Gynecol": "Obstetrics and gynecology",
    "Otolaryngol Head Neck Surg": "Otolaryngology--head and neck surgery",
    "PLoS Negl Trop Dis": "PLoS neglected tropical diseases",
    "PLoS ONE": "PloS one",
    "Pathology": "Pathology",
    "Science": "Science (New York, N.Y.)",
    "Tumour Biol": "Tumour biology",
    "Xi Bao Yu Fen Zi Mian Yi Xue Za Zhi": "Xi bao yu fen zi mian yi xue za zhi = Chinese journal of cellular and molecular immunology",
}

# Every entry is a journal article; where the article's own record states more, it is added.
PUBLICATION_TYPES_BY_TITLE = {
    "Tyrosine kinase inhibitors in BCR-ABL positive acute lymphoblastic leukemia": ["Editorial"],
    "Maternal, Fetal, and Neonatal Imatinib Levels With Treatment of Chronic Myeloid Leukemia in Pregnancy": [
        "Journal Article",
        "Case Reports",
    ],
}
DEFAULT_PUBLICATION_TYPES = ["Journal Article"]

TOP_PUBLICATIONS = [
    {
        "authors": ["Dahlin J", "Ekoff M", "Grootens J", "Löf L", "Amini R", "Hagberg H"],
        "et_al": True,
        "title": "KIT signaling is dispensable for human mast cell progenitor development",
        "journal": "Blood",
        "year": 2017,
        "volume": "130",
        "pages": "1785-1794",
        "pmid": 28790106,
        "doi": "10.1182/blood-2017-03-773374",
        "issue": "16",
        "month": 10,
        "day": 19,
        "excerpt": "..Contrary to the prevailing consensus, our results show that SCF and KIT signaling are "
        "dispensable for early mast cell development. ..",
    },
    {
        "authors": ["Jeon J", "Sparreboom A", "Baker S"],
        "et_al": False,
        "title": "Kinase Inhibitors: The Reality Behind the Success",
        "journal": "Clin Pharmacol Ther",
        "year": 2017,
        "volume": "102",
        "pages": "726-730",
        "excerpt": "..The future fate of kinase inhibitors, however, is bright, as evidenced from ongoing efforts "
        "to increase their efficacy while remediating their weaknesses in order to provide the best "
        "quality of care to patients. ..",
    },
    {
        "authors": ["Lengline E", "Beldjord K", "Dombret H", "Soulier J", "Boissel N", "Clappier E"],
        "et_al": False,
        "title": "Successful tyrosine kinase inhibitor therapy in a refractory B-cell precursor acute "
        "lymphoblastic leukemia with EBF1-PDGFRB fusion",
        "journal": "Haematologica",
        "year": 2013,
        "volume": "98",
        "pages": "e146-8",
    },
    {
        "authors": ["Liang S", "Yu H", "Chen X", "Shen T", "Cui Z", "Si G"],
        "et_al": True,
        "title": "PDGF-BB/KLF4/VEGF Signaling Axis in Pulmonary Artery Endothelial Cell Angiogenesis",
        "journal": "Cell Physiol Biochem",
        "year": 2017,
        "volume": "41",
        "pages": "2333-2349",
        "doi": "10.1159/000475652",
        "excerpt": "..Overall, our study contributes to a better understanding of PAH pathogenesis. ..",
    },
    {
        "authors": ["Burwick R", "Kuo K", "Brewer D", "Druker B"],
        "et_al": False,
        "title": "Maternal, Fetal, and Neonatal Imatinib Levels With Treatment of Chronic Myeloid Leukemia in "
        "Pregnancy",
        "journal": "Obstet Gynecol",
        "year": 2017,
        "volume": "129",
        "pages": "831-834",
        "pmid": 28383372,
        "doi": "10.1097/AOG.0000000000001972",
        "issue": "5",
        "month": 5,
        "excerpt": "..Imatinib is effective for CML in pregnancy, but caution is warranted in light of potentially "
        "unrecognized fetal and neonatal effects. ..",
    },
    {
        "authors": ["Hochhaus A", "Larson R", "Guilhot F", "Radich J", "Branford S", "Hughes T"],
        "et_al": True,
        "title": "Long-Term Outcomes of Imatinib Treatment for Chronic Myeloid Leukemia",
        "journal": "N Engl J Med",
        "year": 2017,
        "volume": "376",
        "pages": "917-927",
        "doi": "10.1056/NEJMoa1609324",
        "month": 3,
        "day": 9,
        "excerpt": "..Funded by Novartis Pharmaceuticals; IRIS numbers, NCT00006343 and NCT00333840 .). ..",
        "trials": ["NCT00006343", "NCT00333840"],
    },
    {
        "authors": ["Chen Q", "Wang S", "Lin C", "Chen S", "Zhao X", "Li Y"],
        "et_al": False,
        "language": "chi",
        "title": "[ABIN1 is not involved in imatinib upregulating A20 to inhibit the activation of NF-κB pathway "
        "in Jurkat T cells]",
        "journal": "Xi Bao Yu Fen Zi Mian Yi Xue Za Zhi",
        "year": 2017,
        "volume": "33",
        "pages": "577-580",
        "excerpt": "..Conclusion IM could upregulate A20 protein to inhibit the activation of NF-κB pathway in "
        "Jurkat T cells, which was independent of the ABIN1 protein. ..",
    },
    {
        "authors": ["Kaneko M", "Nozawa H", "Emoto S", "Murono K", "Sasaki K", "Otani K"],
        "et_al": True,
        "title": "Neoadjuvant Imatinib Therapy Followed by Intersphincteric Resection for Low Rectal "
        "Gastrointestinal Stromal Tumors",
        "journal": "Anticancer Res",
        "year": 2017,
        "volume": "37",
        "pages": "5155-5160",
        "excerpt": "..Neoadjuvant imatinib therapy and ISR for low rectal GISTs is a challenging, but promising, "
        "alternative to achieve complete resection margins and preserve anal function. ..",
    },
    {
        "authors": ["Leoni V", "Biondi A"],
        "et_al": False,
        "title": "Tyrosine kinase inhibitors in BCR-ABL positive acute lymphoblastic leukemia",
        "journal": "Haematologica",
        "year": 2015,
        "volume": "100",
        "pages": "295-9",
        "pmid": 25740105,
        "doi": "10.3324/haematol.2015.124016",
        "pmcid": "PMC4349266",
        "issue": "3",
        "month": 3,
    },
]

MORE_PUBLICATIONS = [
    {
        "authors": [
            "Georgiou G",
            "Efthymiou A",
            "Vardounioti I",
            "Boutsikas G",
            "Angelopoulou M",
            "Vassilakopoulos T",
        ],
        "et_al": True,
        "title": "Development of acute myeloid leukemia with NPM1 mutation, in Ph-negative clone, during treatment "
        "of CML with imatinib",
        "journal": "Leukemia",
        "year": 2012,
        "volume": "26",
        "pages": "824-6",
    },
    {
        "authors": ["de Lima L", "Bueno C", "Vivona D", "Hirata R", "Hirata M", "Hungria V"],
        "et_al": True,
        "title": "Relationship between SLCO1B3 and ABCA3 polymorphisms and imatinib response in chronic myeloid "
        "leukemia patients",
        "journal": "Hematology",
        "year": 2015,
        "volume": "20",
        "pages": "137-42",
        "excerpt": "Genetic variations in membrane transporters may contribute to imatinib mesylate (IM) "
        "resistance in chronic myeloid leukemia (CML)...",
    },
    {
        "authors": ["Penn M", "Kamath M"],
        "et_al": False,
        "title": "Novel mechanisms for maintaining endothelial barrier function in sepsis",
        "journal": "Circulation",
        "year": 2012,
        "volume": "126",
        "pages": "2677-9",
    },
    {
        "authors": ["Kim I", "Rhee C", "Yeo C", "Kang H", "Lee D", "Lee S"],
        "et_al": True,
        "title": "Effect of tyrosine kinase inhibitors, imatinib and nilotinib, in murine "
        "lipopolysaccharide-induced acute lung injury during neutropenia recovery",
        "journal": "Crit Care",
        "year": 2013,
        "volume": "17",
        "pages": "R114",
        "issue": "3",
        "month": 6,
        "day": 20,
        "excerpt": "..Our data indicated that imatinib or nilotinib effectively attenuated LPS-induced ALI during "
        "neutropenia recovery. These results provide evidence for the therapeutic potential of imatinib "
        "and nilotinib in ALI during neutropenia recovery. ..",
    },
    {
        "authors": ["Hong F", "Mitchell C", "Zantomio D"],
        "et_al": False,
        "title": "Gelatinous transformation of the bone marrow as a late morphological change in imatinib mesylate "
        "treated chronic myeloid leukaemia",
        "journal": "Pathology",
        "year": 2010,
        "volume": "42",
        "pages": "84-5",
    },
    {
        "authors": ["Lu Y", "Mao F", "Li X", "Zheng X", "Wang M", "Xu Q"],
        "et_al": True,
        "title": "Discovery of Potent, Selective Stem Cell Factor Receptor/Platelet Derived Growth Factor Receptor "
        "Alpha (c-KIT/PDGFRα) Dual Inhibitor for the Treatment of Imatinib-Resistant Gastrointestinal "
        "Stromal Tumors (GISTs)",
        "journal": "J Med Chem",
        "year": 2017,
        "volume": "60",
        "pages": "5099-5119",
        "excerpt": "..It was worth noting that 31 inhibited GIST-T1 tumor growth (TGI = 81.5%) and even the "
        "BaF3-TEL-cKIT-T670I tumor progression (TGI = 41.9%, 1-resistant GISTs) at a dosage of 100 "
        "mg/kg/day without exhibiting apparent toxicity. ..",
    },
    {
        "authors": ["Kurokawa Y", "Yang H", "Cho H", "Ryu M", "Masuzawa T", "Park S"],
        "et_al": True,
        "title": "Phase II study of neoadjuvant imatinib in large gastrointestinal stromal tumours of the stomach",
        "journal": "Br J Cancer",
        "year": 2017,
        "volume": "117",
        "pages": "25-32",
        "pmid": 28535156,
        "doi": "10.1038/bjc.2017.144",
        "pmcid": "PMC5520207",
        "issue": "1",
        "month": 6,
        "day": 27,
        "excerpt": "..Neoadjuvant imatinib treatment for 6-9 months is a promising treatment for large gastric "
        "GISTs, allowing a high R0 resection rate with acceptable toxicity. ..",
    },
    {
        "authors": ["Janssen J", "Berendse H", "Schuurhuis G", "Merle P", "Ossenkoppele G"],
        "et_al": False,
        "title": "A 51-year-old male CML patient with progressive hearing loss, confusion, ataxia, and aphasia "
        "during imatinib treatment",
        "journal": "Am J Hematol",
        "year": 2009,
        "volume": "84",
        "pages": "679-82",
    },
    {
        "authors": ["Wu B", "Liu M", "Li T", "Lin H", "Zhong H"],
        "et_al": False,
        "title": "An economic analysis of high-dose imatinib, dasatinib, and nilotinib for imatinib-resistant "
        "chronic phase chronic myeloid leukemia in China: A CHEERS-compliant article",
        "journal": "Medicine (Baltimore)",
        "year": 2017,
        "volume": "96",
        "pages": "e7445",
        "excerpt": "..The results should be carefully explained due to the assumptions and limitations used in the "
        "study. ..",
    },
    {
        "authors": ["Rókusz A", "Veres D", "Szücs A", "Bugyik E", "Mózes M", "Paku S"],
        "et_al": True,
        "title": "Ductular reaction correlates with fibrogenesis but does not contribute to liver regeneration in "
        "experimental fibrosis models",
        "journal": "PLoS ONE",
        "year": 2017,
        "volume": "12",
        "pages": "e0176518",
        "pmid": 28445529,
        "doi": "10.1371/journal.pone.0176518",
        "issue": "4",
        "month": 4,
        "excerpt": "..No evidences support the persistent antifibrotic property of imatinib or erlotinib. ..",
    },
    {
        "authors": ["Jiao Y", "Li G", "Li Q", "Ali R", "Qin L", "Li W"],
        "et_al": True,
        "title": "mTOR (Mechanistic Target of Rapamycin) Inhibition Decreases Mechanosignaling, Collagen "
        "Accumulation, and Stiffening of the Thoracic Aorta in Elastin-Deficient Mice",
        "journal": "Arterioscler Thromb Vasc Biol",
        "year": 2017,
        "volume": "37",
        "pages": "1657-1666",
        "pmid": 28751568,
        "doi": "10.1161/ATVBAHA.117.309653",
        "issue": "9",
        "month": 9,
        "excerpt": "..Our findings suggest that mTOR-sensitive perturbation of smooth muscle cell mechanosensing "
        "contributes to elastin aortopathy. ..",
    },
    {
        "authors": ["Bazeos A", "Marin D", "Reid A", "Gerrard G", "Milojkovic D", "May P"],
        "et_al": True,
        "title": "hOCT1 transcript levels and single nucleotide polymorphisms as predictive factors for response "
        "to imatinib in chronic myeloid leukemia",
        "journal": "Leukemia",
        "year": 2010,
        "volume": "24",
        "pages": "1243-5",
    },
    {
        "authors": ["O Connell E", "Kamenyeva O", "Lustigman S", "Bell A", "Nutman T"],
        "et_al": False,
        "title": "Defining the target and the effect of imatinib on the filarial c-Abl homologue",
        "journal": "PLoS Negl Trop Dis",
        "year": 2017,
        "volume": "11",
        "pages": "e0005690",
        "pmid": 28727765,
        "doi": "10.1371/journal.pntd.0005690",
        "pmcid": "PMC5538754",
        "issue": "7",
        "month": 7,
        "day": 20,
        "excerpt": "..loa microfilariae before they are treated within the context of conventional mass drug "
        "administration. ..",
    },
    {
        "authors": ["Druker B"],
        "et_al": False,
        "title": "Perspectives on the development of imatinib and the future of cancer research",
        "journal": "Nat Med",
        "year": 2009,
        "volume": "15",
        "pages": "1149-52",
        "doi": "10.1038/nm1009-1149",
    },
    {
        "authors": ["Speight R", "Nicolle A", "Needham S", "Verrill M", "Bryon J", "Panter S"],
        "et_al": False,
        "title": "Rare, germline mutation of KIT with imatinib-resistant multiple GI stromal tumors and "
        "mastocytosis",
        "journal": "J Clin Oncol",
        "year": 2013,
        "volume": "31",
        "pages": "e245-7",
    },
    {
        "authors": ["Liu Q", "Zhong G", "Zhou W", "Lin G"],
        "et_al": False,
        "title": "Initial application of transanal endoscopic microsurgery for high-risk lower rectal "
        "gastrointestinal stromal tumor after imatinib mesylate neoadjuvant chemotherapy: A case report",
        "journal": "Medicine (Baltimore)",
        "year": 2017,
        "volume": "96",
        "pages": "e7538",
        "pmid": 28723770,
        "excerpt": "..Neoadjuvant therapy with imatinib mesylate (IM) has achieved great success in GIST, which "
        "potentially extends the applications of function-preserving ..",
    },
    {
        "authors": ["Lee K", "Ouwehand I", "Giannini A", "Thomas N", "Dibb N", "Bijlmakers M"],
        "et_al": False,
        "title": "Lck is a key target of imatinib and dasatinib in T-cell activation",
        "journal": "Leukemia",
        "year": 2010,
        "volume": "24",
        "pages": "896-900",
    },
    {
        "authors": ["Schork N"],
        "et_al": False,
        "title": "Personalized medicine: Time for one-person trials",
        "journal": "Nature",
        "year": 2015,
        "volume": "520",
        "pages": "609-11",
        "doi": "10.1038/520609a",
    },
    {
        "authors": ["Yang F", "Jin C", "Fu D", "Ni Q"],
        "et_al": False,
        "title": "Extra-gastrointestinal stromal tumor of the pancreas: clinical characteristics, diagnosis, "
        "treatment, and outcome",
        "journal": "J Surg Oncol",
        "year": 2011,
        "volume": "103",
        "pages": "739-40",
    },
    {
        "authors": ["Maharsy W", "Aries A", "Mansour O", "Komati H", "Nemer M"],
        "et_al": False,
        "title": "Ageing is a risk factor in imatinib mesylate cardiotoxicity",
        "journal": "Eur J Heart Fail",
        "year": 2014,
        "volume": "16",
        "pages": "367-76",
        "doi": "10.1002/ejhf.58",
        "issue": "4",
        "excerpt": "..Chemotherapy-induced heart failure is increasingly recognized as a major clinical challenge. "
        "Cardiotoxicity of imatinib mesylate, a highly selective and effective anticancer drug "
        "belonging to the new class of tyrosine kinase inhibitors, ..",
    },
    {
        "authors": ["Grant H", "Jiang X", "Stebbing J", "Foroni L", "Craddock C", "Griffiths M"],
        "et_al": True,
        "title": "Analysis of BCR-ABL1 tyrosine kinase domain mutational spectra in primitive chronic myeloid "
        "leukemia cells suggests a unique mutator phenotype",
        "journal": "Leukemia",
        "year": 2010,
        "volume": "24",
        "pages": "1817-21",
    },
    {
        "authors": ["Perna F", "Abdel Wahab O", "Levine R", "Jhanwar S", "Imada K", "Nimer S"],
        "et_al": False,
        "title": 'ETV6-ABL1-positive "chronic myeloid leukemia": clinical and molecular response to tyrosine '
        "kinase inhibition",
        "journal": "Haematologica",
        "year": 2011,
        "volume": "96",
        "pages": "342-3",
    },
    {
        "authors": ["Sharifnia T", "Hong A", "Painter C", "Boehm J"],
        "et_al": False,
        "title": "Emerging Opportunities for Target Discovery in Rare Cancers",
        "journal": "Cell Chem Biol",
        "year": 2017,
        "volume": "24",
        "pages": "1075-1091",
        "pmcid": "PMC5857178",
        "excerpt": "..Together, these advances motivate consideration of new research frameworks to accelerate "
        "rare cancer target discovery. ..",
    },
    {
        "authors": ["Golub T"],
        "et_al": False,
        "title": "Counterpoint: Data first",
        "journal": "Nature",
        "year": 2010,
        "volume": "464",
        "pages": "679",
    },
    {
        "authors": ["Joensuu H", "Blay J", "Comandone A", "Martín Broto J", "Fumagalli E", "Grignani G"],
        "et_al": True,
        "title": "Dovitinib in patients with gastrointestinal stromal tumour refractory and/or intolerant to "
        "imatinib",
        "journal": "Br J Cancer",
        "year": 2017,
        "volume": "117",
        "pages": "1278-1285",
        "excerpt": "..Dovitinib is an active treatment for patients with GIST who are intolerant to imatinib or "
        "whose GIST progresses on imatinib. ..",
    },
    {
        "authors": ["Fischer J", "Dalhoff C", "Schrey A", "Graebner O", "Michaelis S", "Andrich K"],
        "et_al": True,
        "title": "Dasatinib, imatinib and staurosporine capture compounds - Complementary tools for the profiling "
        "of kinases by Capture Compound Mass Spectrometry (CCMS)",
        "journal": "J Proteomics",
        "year": 2011,
        "volume": "75",
        "pages": "160-8",
        "excerpt": "..Besides sets of expected kinases we identified additional specific interactors; these "
        "off-targets may be of relevance in the view of the pharmacological profile of dasatinib and "
        "imatinib. ..",
    },
    {
        "authors": ["Onaka T", "Takahashi N", "Miura M", "Yonezawa A", "Imada K", "Sawada K"],
        "et_al": False,
        "title": "Pharmacokinetics of nilotinib in imatinib-resistant/intolerant chronic myeloid leukemia patients "
        "on hemodialysis for chronic renal failure",
        "journal": "Am J Hematol",
        "year": 2012,
        "volume": "87",
        "pages": "451",
    },
    {
        "authors": ["Revheim M", "Hole K", "Bruland O", "Reitan E", "Bjerkehagen B", "Julsrud L"],
        "et_al": True,
        "title": "Multimodal functional imaging for early response assessment in GIST patients treated with "
        "imatinib",
        "journal": "Acta Oncol",
        "year": 2014,
        "volume": "53",
        "pages": "143-8",
    },
    {
        "authors": ["Nieborowska Skorska M", "Hoser G", "Hochhaus A", "Stoklosa T", "Skorski T"],
        "et_al": False,
        "title": "Anti-oxidant vitamin E prevents accumulation of imatinib-resistant BCR-ABL1 kinase mutations in "
        "CML-CP xenografts in NSG mice",
        "journal": "Leukemia",
        "year": 2013,
        "volume": "27",
        "pages": "2253-4",
    },
    {
        "authors": ["Horwitz R", "Cullen M", "Abell J", "Christian J"],
        "et_al": False,
        "title": "Medicine. (De)personalized medicine",
        "journal": "Science",
        "year": 2013,
        "volume": "339",
        "pages": "1155-6",
        "doi": "10.1126/science.1234106",
        "issue": "6124",
        "month": 3,
        "day": 8,
    },
    {
        "authors": ["Tzvetkov M", "Seitz T", "Bokelmann K", "Mueller T", "Brockmoller J", "Koepsell H"],
        "et_al": False,
        "title": "Does the haplotype Met408-Del420, which was apparently predictive for imatinib efficacy, really "
        "exist and how strongly may it affect OCT1 activity?",
        "journal": "Blood",
        "year": 2014,
        "volume": "123",
        "pages": "1427-9",
    },
    {
        "authors": ["Sotiropoulos G", "Stamopoulos P", "Kykalos S", "Machairas N"],
        "et_al": False,
        "title": "Conventional transanal excision for a very low gastrointestinal stromal tumour",
        "journal": "BMJ Case Rep",
        "year": 2017,
        "volume": "2017",
        "pages": "",
        "excerpt": "..We herein report on a young patient with a >5\u2009cm rectal GIST localised at 1\u2009cm "
        "from the anorectal junction. ..",
    },
    {
        "authors": ["Egan J"],
        "et_al": False,
        "title": "Targeting Stem Cells in Chronic Myeloid Leukemia with a PPAR-γ Agonist",
        "journal": "N Engl J Med",
        "year": 2015,
        "volume": "373",
        "pages": "1973-5",
        "excerpt": "..Combining a tyrosine kinase inhibitor (imatinib) and a thiazolidinedione (pioglitazone) is "
        "proposed for the treatment of chronic myeloid leukemia. ..",
    },
    {
        "authors": ["Lin H", "Roberts D", "Kay J", "Stankovic K"],
        "et_al": False,
        "title": "Sensorineural hearing loss following imatinib (Gleevec) administration",
        "journal": "Otolaryngol Head Neck Surg",
        "year": 2012,
        "volume": "146",
        "pages": "335-7",
    },
    {
        "authors": ["Nishida T", "Doi T"],
        "et_al": False,
        "title": "Rechallenge of drugs in the era of targeted therapy",
        "journal": "Lancet Oncol",
        "year": 2013,
        "volume": "14",
        "pages": "1143-5",
    },
    {
        "authors": ["de Masson A", "Bouaziz J", "Peffault De Latour R", "Wittnebel S", "Ribaud P", "Rubio M"],
        "et_al": True,
        "title": "Limited efficacy and tolerance of imatinib mesylate in steroid-refractory sclerodermatous "
        "chronic GVHD",
        "journal": "Blood",
        "year": 2012,
        "volume": "120",
        "pages": "5089-90",
        "issue": "25",
    },
    {
        "authors": ["Louis A", "Singh S", "Gupta S", "Sharma A"],
        "et_al": False,
        "title": "Primary GIST of the liver masquerading as primary intra-abdominal tumour: a rare "
        "extra-gastrointestinal stromal tumour (EGIST) of the liver",
        "journal": "J Gastrointest Cancer",
        "year": 2014,
        "volume": "45",
        "pages": "392-4",
    },
    {
        "authors": ["Bixby D", "Talpaz M"],
        "et_al": False,
        "title": "Mechanisms of resistance to tyrosine kinase inhibitors in chronic myeloid leukemia and recent "
        "therapeutic strategies to overcome resistance",
        "journal": "Hematology Am Soc Hematol Educ Program",
        "year": 2009,
        "volume": "",
        "pages": "461-76",
        "issue": "1",
        "excerpt": "..This review will describe the efforts at understanding the pathogenesis of imatinib "
        "resistance and the molecular rationale for the development of second- and now third-generation "
        "therapies for patients with CML. ..",
    },
    {
        "authors": [
            "Papageorgiou S",
            "Pappa V",
            "Economopoulou C",
            "Tsirigotis P",
            "Konsioti F",
            "Ionnidou E",
        ],
        "et_al": True,
        "title": "Dasatinib induces long-term remission in imatinib-resistant Philadelphia chromosome-positive "
        "acute megakaryoblastic leukemia but fails to prevent development of central nervous system "
        "progression",
        "journal": "Leuk Res",
        "year": 2010,
        "volume": "34",
        "pages": "e254-6",
    },
    {
        "authors": ["Thakral B", "Higa B", "Venkataraman G", "Velankar M"],
        "et_al": False,
        "title": "Bone marrow with gelatinous transformation associated with residual disease in imatinib "
        "mesylate-treated chronic myelogenous leukaemia (CML)",
        "journal": "Pathology",
        "year": 2012,
        "volume": "44",
        "pages": "59",
    },
    {
        "authors": ["Chen W", "Kuang Y", "Qiu H", "Cao Z", "Tu Y", "Sheng Q"],
        "et_al": True,
        "title": "Dual Targeting of Insulin Receptor and KIT in Imatinib-Resistant Gastrointestinal Stromal Tumors",
        "journal": "Cancer Res",
        "year": 2017,
        "volume": "77",
        "pages": "5107-5117",
        "excerpt": "..Our findings suggest that combinatorial inhibition of IR and KIT warrants clinical "
        "evaluation as a novel therapeutic strategy in imatinib-resistant GISTs. Cancer Res; 77(18); "
        "5107-17. ©2017 AACR. ..",
    },
    {
        "authors": ["Bellora F", "Dondero A", "Corrias M", "Casu B", "Regis S", "Caliendo F"],
        "et_al": True,
        "title": "Imatinib and Nilotinib Off-Target Effects on Human NK Cells, Monocytes, and M2 Macrophages",
        "journal": "J Immunol",
        "year": 2017,
        "volume": "199",
        "pages": "1516-1525",
        "doi": "10.4049/jimmunol.1601695",
        "excerpt": "..Our results contribute to better interpreting the off-target efficacy of TKIs in tumors and "
        "to envisaging strategies aimed at facilitating antitumor immune responses. ..",
    },
    {
        "authors": ["Yap E", "Norziha Z", "Simbun A", "Tumian N", "Cheong S", "Leong C"],
        "et_al": True,
        "title": "MicroRNAs that affect the Fanconi Anemia/BRCA pathway are downregulated in imatinib-resistant "
        "chronic myeloid leukemia patients without detectable BCR-ABL kinase domain mutations",
        "journal": "Leuk Res",
        "year": 2017,
        "volume": "59",
        "pages": "32-40",
        "excerpt": "Chronic myeloid leukemia (CML) patients who do not achieve landmark responses following "
        "treatment with imatinib mesylate (IM) are considered IM-resistant...",
    },
    {
        "authors": ["Xie Q", "Lin Q", "Li D", "Chen J"],
        "et_al": False,
        "title": "Imatinib induces autophagy via upregulating XIAP in GIST882\xa0cells",
        "journal": "Biochem Biophys Res Commun",
        "year": 2017,
        "volume": "488",
        "pages": "584-589",
        "excerpt": "..The main effective treatment for GISTs is tyrosine kinase inhibitors, such as imatinib "
        "mesylate. However, GISTs respond to imatinib treatment eventually develop acquired resistance, "
        "which is a main ..",
    },
    {
        "authors": ["Ubink I", "Bloemendal H", "Elias S", "Brink M", "Schwartz M", "Holierhoek Y"],
        "et_al": True,
        "title": "Imatinib treatment of poor prognosis mesenchymal-type primary colon cancer: a proof-of-concept "
        "study in the preoperative window period (ImPACCT)",
        "journal": "BMC Cancer",
        "year": 2017,
        "volume": "17",
        "pages": "282",
        "pmid": 28424071,
        "doi": "10.1186/s12885-017-3264-y",
        "excerpt": "NCT02685046 . Registration date: February 9, 2016. ..",
        "trials": ["NCT02685046"],
    },
    {
        "authors": ["Vasconcelos A", "Azevedo I", "Melo F", "Neves W", "Azevedo A", "Melo R"],
        "et_al": False,
        "title": "BCR-ABL1 transcript types showed distinct laboratory characteristics in patients with chronic "
        "myeloid leukemia",
        "journal": "Genet Mol Res",
        "year": 2017,
        "volume": "16",
        "pages": "",
        "doi": "10.4238/gmr16029541",
        "issue": "2",
        "month": 4,
        "day": 20,
        "excerpt": "..In agreement with published data, our results showed association of the BCR-ABL1 transcript "
        "e14a2 with thrombocytosis and the BCR-ABL1 transcript e13a2 with higher leukocytosis in "
        "patients with chronic myeloid leukemia. ..",
    },
    {
        "authors": ["Silveira R", "Fachel A", "Moreira Y", "de Souza C", "Costa F", "Verjovski Almeida S"],
        "et_al": True,
        "title": "Protein-coding genes and long noncoding RNAs are differentially expressed in dasatinib-treated "
        "chronic myeloid leukemia patients with resistance to imatinib",
        "journal": "Hematology",
        "year": 2014,
        "volume": "19",
        "pages": "31-41",
        "excerpt": "..In addition to protein-coding genes, lncRNAs have been recently implicated in pathways "
        "leading to tumorigenesis. Our data point to new possible regulatory elements involved in "
        "dasatinib resistance in CML. ..",
    },
    {
        "authors": ["Zhang J", "He Y", "Zhu R", "Du W", "Xiao J"],
        "et_al": False,
        "title": "Deregulated expression of Cdc6 as BCR/ABL-dependent survival factor in chronic myeloid leukemia "
        "cells",
        "journal": "Tumour Biol",
        "year": 2017,
        "volume": "39",
        "pages": "1010428317713394",
    },
    {
        "authors": ["Redaelli S", "Piazza R", "Rostagno R", "Magistroni V", "Perini P", "Marega M"],
        "et_al": True,
        "title": "Activity of bosutinib, dasatinib, and nilotinib against 18 imatinib-resistant BCR/ABL mutants",
        "journal": "J Clin Oncol",
        "year": 2009,
        "volume": "27",
        "pages": "469-71",
    },
    {
        "authors": ["Tefferi A", "Levitt R", "Lasho T", "Knudson R", "Ketterling R"],
        "et_al": False,
        "title": "Postimatinib therapy emergence of a new JAK2V617F clone and subsequent development of overt "
        "polycythemia vera in a patient with chronic myelogenous leukaemia",
        "journal": "Eur J Haematol",
        "year": 2010,
        "volume": "85",
        "pages": "86-7",
    },
    {
        "authors": ["Breccia M", "Finsinger P", "Loglisci G", "Latagliata R", "Mancini M", "Salaroli A"],
        "et_al": True,
        "title": "The EUTOS score identifies chronic myeloid leukeamia patients with poor prognosis treated with "
        "imatinib first or second line",
        "journal": "Leuk Res",
        "year": 2012,
        "volume": "36",
        "pages": "e209-10",
    },
    {
        "authors": ["Zhao Y", "Wang J", "Luo Y", "Shi J", "Zheng W", "Tan Y"],
        "et_al": True,
        "title": "Reduced-intensity allogeneic hematopoietic stem cell transplantation combined with imatinib has "
        "comparable event-free survival and overall survival to long-term imatinib treatment in young "
        "patients with chronic myeloid leukemia",
        "journal": "Ann Hematol",
        "year": 2017,
        "volume": "96",
        "pages": "1353-1360",
        "excerpt": "..However, RIST + IM was more affordable than IM alone in a 10-year scale. Thus, RIST + IM "
        "could be considered as an alternative treatment option, especially when the patients have low "
        "EBMT risk scores and demand a definite cure for CML. ..",
    },
    {
        "authors": ["Reber L", "Starkl P", "Balbino B", "Sibilano R", "Gaudenzio N", "Rogalla S"],
        "et_al": True,
        "title": "The tyrosine kinase inhibitor imatinib mesylate suppresses uric acid crystal-induced acute gouty "
        "arthritis in mice",
        "journal": "PLoS ONE",
        "year": 2017,
        "volume": "12",
        "pages": "e0185704",
        "pmid": 28982129,
        "doi": "10.1371/journal.pone.0185704",
        "pmcid": "PMC5628843",
        "issue": "10",
        "month": 10,
        "day": 5,
        "excerpt": "..Here we demonstrate that treatment with the tyrosine kinase inhibitor imatinib mesylate "
        "(imatinib) can suppress inflammation induced by injection of MSU crystals into subcutaneous "
        "air pouches or ..",
    },
]


CONTRIBUTOR = {
    "name": "MouseDoctor",
    "slug": "mousedoctor",
    "bio": (
        "MouseDoctor writes about multiple sclerosis research: new trials, treatments, and what animal "
        "models of the disease do and do not tell us about people with MS."
    ),
}

POST_REFERENCES = [
    {
        "authors": ["Constantin G", "Brocke S", "Izikson A", "Laudanna C", "Butcher EC"],
        "et_al": False,
        "title": "Tyrphostin AG490, a tyrosine kinase inhibitor, blocks actively induced experimental "
        "autoimmune encephalomyelitis",
        "journal": "Eur J Immunol",
        "year": 1998,
        "month": 11,
        "volume": "28",
        "issue": "11",
        "pages": "3523-9",
    },
    {
        "authors": ["Uemura Y", "Ohno H", "Ohzeki Y", "Takanashi H", "Murooka H", "Kubo K", "Serizawa I"],
        "et_al": False,
        "title": "The selective M-CSF receptor tyrosine kinase inhibitor Ki20227 suppresses experimental "
        "autoimmune encephalomyelitis",
        "journal": "J Neuroimmunol",
        "year": 2008,
        "month": 3,
        "volume": "195",
        "issue": "1-2",
        "pages": "73-80",
        "doi": "10.1016/j.jneuroim.2008.01.015",
    },
    {
        "authors": [
            "Azizi G",
            "Haidari MR",
            "Khorramizadeh M",
            "Naddafi F",
            "Sadria R",
            "Javanbakht MH",
            "Sedaghat R",
            "Tofighi Zavareh F",
            "Mirshafiey A",
        ],
        "et_al": False,
        "title": "Effects of imatinib mesylate in mouse models of multiple sclerosis and in vitro determinants",
        "journal": "Iran J Allergy Asthma Immunol",
        "year": 2014,
        "month": 6,
        "volume": "13",
        "issue": "3",
        "pages": "198-206",
    },
    {
        "authors": ["Rotstein DL", "Sawicka K", "Bharatha A", "Montalban X", "Lipton JH"],
        "et_al": False,
        "title": "CNS demyelination after initiating the tyrosine kinase inhibitor imatinib: A report of two cases",
        "journal": "Mult Scler",
        "year": 2019,
        "month": 12,
        "day": 17,
        "volume": "",
        "pages": "1352458519892914",
        # The e-location the post prints is the article's DOI suffix at its publisher.
        "doi": "10.1177/1352458519892914",
        "abstract": (
            "The tyrosine kinase inhibitor, imatinib, used to treat certain malignancies, is in clinical trials "
            "as a potential treatment for multiple sclerosis and acute stroke. This is the first report of cases "
            "of multifocal central nervous system (CNS) demyelination following exposure to imatinib. One case "
            "was severe with bilateral optic neuritis and transverse myelitis that was AQP4 IgG and myelin "
            "oligodendrocyte glycoprotein (MOG) IgG negative and improved after plasma exchange and withdrawal "
            "of imatinib. The second case involved a unilateral optic neuritis with magnetic resonance imaging "
            "(MRI) brain confirming other demyelinating lesions. Although the mechanism is unknown, "
            "demyelination on imatinib could be related to activation of previously normal T-cells."
        ),
    },
]

POST = {
    "title": "Animals got it wrong again or is a fluke?",
    "slug": "animals-got-it-wrong-again-or-is-a-fluke",
    "published_at": "2019-12-20T09:00:00+00:00",
    "summary": (
        "Imatinib, in trials for multiple sclerosis, was protective in animal models; two cases of CNS "
        "demyelination after starting it suggest the animals may have got it wrong again."
    ),
    "tags": ["Multiple sclerosis", "Animal models"],
    "trials": ["NCT03674099"],
    "body": """Imatinib is a small molecule kinase inhibitor used to treat certain types of cancer. It is currently \
marketed by Novartis as Gleevec (USA) or Glivec (Europe/Australia) as its mesylate salt, imatinib mesilate (INN). \
It is occasionally referred to as CGP57148B or STI571 (especially in older publications).

> The tyrosine kinase inhibitor, imatinib, used to treat certain malignancies, is in clinical trials as a \
potential treatment for multiple sclerosis and acute stroke. This is the first report of cases of multifocal \
central nervous system (CNS) demyelination following exposure to imatinib. One case was severe with bilateral \
optic neuritis and transverse myelitis that was AQP4 IgG and myelin oligodendrocyte glycoprotein (MOG) IgG \
negative and improved after plasma exchange and withdrawal of imatinib. The second case involved a unilateral \
optic neuritis with magnetic resonance imaging (MRI) brain confirming other demyelinating lesions. Although the \
mechanism is unknown, demyelination on imatinib could be related to activation of previously normal T-cells.

There is an ongoing trial of 200 pwMS (NCT03674099)

Have animals got it wrong ….again
""",
}
