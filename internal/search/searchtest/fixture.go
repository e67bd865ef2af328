// Package searchtest holds the small bilingual fixture site that the search
// tests, the browser test and cmd/searchfixture share, so a ranking asserted in
// Go is the same ranking asserted in Chromium.
package searchtest

import (
	"fmt"

	"github.com/uio-partner/portal/internal/content"
	"github.com/uio-partner/portal/internal/search"
	"github.com/uio-partner/portal/internal/site"
)

// Taxonomies are the fixture's facets, in display order.
var Taxonomies = []string{"sectors", "faculties", "partners"}

// Languages are the fixture's languages, default first.
var Languages = []string{"en", "nb"}

// LanguageNames are the languages' names, as site.yaml gives them.
var LanguageNames = map[string]string{"en": "English", "nb": "Norsk"}

// Options are the fixture index's options, with a glossary per language.
func Options() search.Options {
	return search.Options{Languages: Languages, Taxonomies: Taxonomies, StemmerURL: site.SearchStemmersURL, Glossary: map[string][][]string{
		"en": {{"NDA", "non-disclosure agreement", "confidentiality agreement"}, {"licence", "license"}, {"start-up", "startup"}},
		"nb": {{"taushetsavtale", "taushetserklæring", "konfidensialitetsavtale"}},
	}}
}

var sectionTitles = map[string]map[string]string{
	"en": {"offerings": "What we offer", "facilities": "Facilities", "case-studies": "Case studies", "pathways": "Partnership pathways", "partners": "Partners"},
	"nb": {"offerings": "Hva vi tilbyr", "facilities": "Infrastruktur", "case-studies": "Eksempler", "pathways": "Veier til samarbeid", "partners": "Partnere"},
}

// page is the compact form the fixture is written in.
type page struct {
	lang, section, slug, title, summary, text string
	sectors, faculties, partners              []string
}

var pages = []page{
	{"en", "offerings", "sensor-licensing", "Sensor licensing", "License patented sensor technology from UiO research groups.", "Our technology transfer office licenses sensor patents to companies of every size.", []string{"energy", "ict"}, []string{"mathematics-and-natural-sciences"}, []string{"Equinor"}},
	{"en", "offerings", "licensing-and-spinoffs", "Licensing and spin-offs", "Turn research results into products through licences and start-ups.", "We help with licence agreements, patents and spin-off companies. Sensor projects are common.", []string{"ict", "pharma"}, []string{"medicine"}, nil},
	{"en", "offerings", "research-collaboration", "Research collaboration", "Work with our researchers on joint projects.", "Collaborative research projects funded by industry and the research council. Immunology, climate and energy.", []string{"energy", "pharma"}, []string{"medicine", "mathematics-and-natural-sciences"}, []string{"Equinor", "Roche"}},
	{"en", "offerings", "internships", "Student internships", "Host a master's student for a semester.", "Students from all faculties take internships in companies.", []string{"public-sector"}, []string{"humanities", "law"}, nil},
	{"en", "offerings", "continuing-education", "Continuing education", "Courses for your employees.", "Short courses in data science, law and leadership.", []string{"public-sector", "ict"}, []string{"law"}, nil},
	{"en", "facilities", "electron-microscopy", "Electron microscopy lab", "Cryo-EM and scanning electron microscopes for industry users.", "The microscopy facility offers imaging services. Book instrument time.", []string{"pharma", "medtech"}, []string{"mathematics-and-natural-sciences"}, nil},
	{"en", "facilities", "proteomics-core", "Proteomics core facility", "Mass spectrometry for protein analysis.", "Sample preparation and analysis of proteins, with immunology applications.", []string{"pharma"}, []string{"medicine"}, []string{"Roche"}},
	{"en", "facilities", "baltic-station", "Baltic Sea field station", "Marine research station on the Østersjø coast.", "Field work, sampling and sensor buoys in the Baltic Sea.", []string{"energy"}, []string{"mathematics-and-natural-sciences"}, nil},
	{"en", "facilities", "hpc", "High-performance computing", "Compute time on national supercomputers.", "GPU clusters for machine learning and simulation.", []string{"ict"}, []string{"mathematics-and-natural-sciences"}, []string{"Sigma2"}},
	{"en", "case-studies", "roche", "Roche and immunology", "A licence to a new immunology assay.", "Roche licensed an immunology assay developed at the Institute of Clinical Medicine.", []string{"pharma"}, []string{"medicine"}, []string{"Roche"}},
	{"en", "case-studies", "equinor-sensors", "Equinor sensor pilot", "Seabed sensors developed with Equinor.", "A licensing deal for sensor software followed the pilot.", []string{"energy"}, []string{"mathematics-and-natural-sciences"}, []string{"Equinor"}},
	{"en", "case-studies", "dnb-ai", "DNB and responsible AI", "Machine learning research with a bank.", "Joint research on fairness in credit models.", []string{"ict"}, []string{"mathematics-and-natural-sciences", "law"}, []string{"DNB"}},
	{"en", "case-studies", "oslo-kommune", "City of Oslo climate data", "Climate adaptation with the municipality.", "Researchers and the city share data on urban flooding.", []string{"public-sector"}, []string{"social-sciences"}, []string{"Oslo kommune"}},
	{"en", "pathways", "start-a-licence", "Start a licence", "Steps to license UiO technology.", "Contact the technology transfer office, sign a confidentiality agreement, negotiate the licence.", []string{"ict", "pharma", "energy"}, nil, nil},
	{"en", "pathways", "start-research", "Start a research project", "Steps to a joint research project.", "Find researchers, write the application, sign the agreement.", nil, nil, nil},
	{"en", "partners", "roche", "Roche", "Pharmaceutical partner since 2015.", "Roche works with UiO on immunology and diagnostics.", []string{"pharma"}, []string{"medicine"}, []string{"Roche"}},
	{"en", "partners", "equinor", "Equinor", "Energy partner.", "Equinor funds research on sensors, carbon capture and offshore wind.", []string{"energy"}, nil, []string{"Equinor"}},

	{"nb", "offerings", "sensor-lisensiering", "Lisensiering av sensorer", "Lisensier patentert sensorteknologi fra UiO.", "Teknologioverføringskontoret lisensierer sensorpatenter til bedrifter.", []string{"energy", "ict"}, []string{"mathematics-and-natural-sciences"}, []string{"Equinor"}},
	{"nb", "offerings", "forskningssamarbeid", "Forskningssamarbeid", "Samarbeid med forskerne våre om felles prosjekter.", "Forskning finansiert av næringslivet og Forskningsrådet. Immunologi og klima.", []string{"energy", "pharma"}, []string{"medicine"}, []string{"Equinor", "Roche"}},
	{"nb", "offerings", "praksis", "Praksisplasser for studenter", "Ta imot en masterstudent.", "Studenter fra alle fakulteter tar praksis i bedrifter.", []string{"public-sector"}, []string{"humanities"}, nil},
	{"nb", "facilities", "elektronmikroskopi", "Elektronmikroskopi", "Kryo-EM og skanning-elektronmikroskoper for næringslivet.", "Mikroskopi-laboratoriet tilbyr avbildning. Bestill instrumenttid.", []string{"pharma", "medtech"}, []string{"mathematics-and-natural-sciences"}, nil},
	{"nb", "facilities", "ostersjostasjonen", "Østersjøstasjonen", "Marin forskningsstasjon ved Østersjø.", "Feltarbeid, prøvetaking og sensorbøyer i Østersjøen. Måling av økosystemer.", []string{"energy"}, []string{"mathematics-and-natural-sciences"}, nil},
	{"nb", "facilities", "proteomikk", "Proteomikk-kjernefasilitet", "Massespektrometri for proteinanalyse.", "Analyse av proteiner for immunologi og kreftforskning.", []string{"pharma"}, []string{"medicine"}, []string{"Roche"}},
	{"nb", "case-studies", "roche", "Roche og immunologi", "En lisens på en ny immunologitest.", "Roche lisensierte en test utviklet ved Institutt for klinisk medisin. Forskning på høyt nivå.", []string{"pharma"}, []string{"medicine"}, []string{"Roche"}},
	{"nb", "case-studies", "oslo-kommune", "Oslo kommune og klimadata", "Klimatilpasning sammen med kommunen.", "Forskere og byen deler data om overvann. Grønn omstilling i Ås og Bærum.", []string{"public-sector"}, []string{"social-sciences"}, []string{"Oslo kommune"}},
	{"nb", "pathways", "start-lisens", "Slik starter du en lisens", "Steg for å lisensiere UiO-teknologi.", "Ta kontakt, signer en taushetserklæring og forhandle lisensen.", []string{"ict", "pharma"}, nil, nil},
	{"nb", "partners", "equinor", "Equinor", "Energipartner.", "Equinor finansierer forskning på sensorer og havvind.", []string{"energy"}, nil, []string{"Equinor"}},
}

// extra are pages for what the search understands beyond words: headings,
// pages only in English (in the Norwegian index too), compounds, weights.
var extra = []search.Document{
	{URL: pageURL("en", "offerings", "spin-off-support"), Lang: "en", Section: "offerings", SectionTitle: "What we offer", Title: "Support for start-ups",
		Summary: "Help for spin-off companies from UiO research.", Terms: map[string][]string{"sectors": {"ict"}},
		Text:     "We advise founders. Patents and licences Our office files patents for inventions and negotiates each license. Funding Seed funding comes from partners.",
		Headings: []search.Heading{{ID: "patents-and-licences", Text: "Patents and licences", Offset: 19}, {ID: "funding", Text: "Funding", Offset: 113}}},
	{URL: pageURL("en", "facilities", "isotope-laboratory"), Lang: "en", Section: "facilities", SectionTitle: "Facilities", Title: "Isotope laboratory",
		Summary: "Microscopes and isotope analysis for industry.", Text: "The isotope laboratory offers mass spectrometry and electron microscopes."},
	{URL: pageURL("nb", "facilities", "isotope-laboratory"), Lang: "nb", ContentLang: "en", Section: "facilities", SectionTitle: "Infrastruktur", Title: "Isotope laboratory",
		Summary: "Microscopes and isotope analysis for industry.", Text: "The isotope laboratory offers mass spectrometry and electron microscopes."},
	{URL: pageURL("nb", "offerings", "oppstartsbedrifter"), Lang: "nb", Section: "offerings", SectionTitle: "Hva vi tilbyr", Title: "Oppstartsbedrifter og lisensavtaler",
		Summary: "Hjelp til oppstartsbedrifter fra forskningen.", Text: "Vi gir råd om avtaler, samarbeidsavtaler og en taushetserklæring før samtalen.", Names: []string{"Start-ups and licence agreements"}},
	{URL: "/about/", Lang: "en", Title: "About the sensor portal", Summary: "Sensor licensing, research and partnerships: what this portal is.", Weight: 0.3,
		Text: "This portal lists sensor licensing, research collaboration and immunology partnerships."},
}

// fillerTopics make the filler pages: enough documents that ranking and
// facet counts are tested against noise, not a hand-picked handful.
var fillerTopics = []string{"climate", "data", "health", "ocean", "energy", "law", "teaching", "archives"}

// Documents returns the fixture: hand-written pages plus filler, about 60
// documents in English and Norwegian.
func Documents() []search.Document {
	var out []search.Document
	for _, p := range pages {
		out = append(out, doc(p))
	}
	out = append(out, extra...)
	sectors := []string{"energy", "ict", "public-sector", "medtech"}
	for i := range 36 {
		lang := "en"
		if i%3 == 2 {
			lang = "nb"
		}
		topic := fillerTopics[i%len(fillerTopics)]
		sec := []string{"offerings", "facilities", "case-studies", "pathways"}[i%4]
		out = append(out, doc(page{lang, sec, fmt.Sprintf("note-%02d", i),
			fmt.Sprintf("Project note %d on %s", i, topic),
			fmt.Sprintf("Background note about %s and partnerships.", topic),
			fmt.Sprintf("This note on %s mentions collaboration, students and a sensor once.", topic),
			[]string{sectors[i%len(sectors)]}, []string{"social-sciences"}, nil}))
	}
	return out
}

// pageURL is the address of the page section/slug in lang, by the site
// model's rules.
func pageURL(lang, section, slug string) string {
	return site.PageURL(site.Prefix(lang, Languages[0]), &content.Page{Kind: content.Regular, Section: section, Slug: slug})
}

func doc(p page) search.Document {
	url := pageURL(p.lang, p.section, p.slug)
	terms := map[string][]string{}
	for name, v := range map[string][]string{"sectors": p.sectors, "faculties": p.faculties, "partners": p.partners} {
		if len(v) > 0 {
			terms[name] = v
		}
	}
	return search.Document{URL: url, Lang: p.lang, Section: p.section, SectionTitle: sectionTitles[p.lang][p.section],
		Title: p.title, Summary: p.summary, Terms: terms, Text: p.text}
}
