// Package synth generates synthetic, fictional people, employers and
// register rows for tests, benchmarks and demo data.
//
// Names are drawn from lists of common given and family names (English,
// Irish, Welsh, Scottish and others, with accented forms such as Seán,
// Siobhán, Ó Súilleabháin and Łukasz) and combined at random, with made-up
// compound surnames mixed in; they describe nobody. Every generator is
// deterministic for a given seed, so a test or a demo database can be
// rebuilt exactly.
//
//	g := synth.New(1)
//	given, family := g.GivenNames(), g.FamilyName()
package synth

import (
	"math/rand/v2"
	"strings"
)

var givenNames = []string{
	// English
	"Oliver", "Amelia", "Jack", "Olivia", "Harry", "Emily", "George", "Isla", "Charlie", "Ava",
	"Thomas", "Jessica", "James", "Sophie", "William", "Grace", "Daniel", "Chloe", "Samuel", "Lucy",
	"Joseph", "Ellie", "Matthew", "Hannah", "Benjamin", "Megan", "Alexander", "Charlotte", "Ryan",
	"Rebecca", "Adam", "Laura", "Michael", "Sarah", "David", "Rachel", "Peter", "Claire", "John",
	"Helen", "Mark", "Joanne", "Paul", "Karen", "Andrew", "Susan", "Richard", "Emma", "Mary", "Ann",
	// Irish
	"Seán", "Sean", "Siobhán", "Siobhan", "Aoife", "Niamh", "Ciarán", "Caoimhe", "Pádraig", "Róisín",
	"Eoin", "Saoirse", "Oisín", "Áine", "Cillian", "Orla", "Dónal", "Clodagh", "Méabh", "Tadhg",
	// Welsh
	"Ffion", "Dafydd", "Rhys", "Cerys", "Gareth", "Bethan", "Iwan", "Siân", "Owain", "Carys",
	"Llinos", "Gwion", "Elin", "Emrys", "Angharad", "Tomos", "Gwenllian", "Ieuan",
	// Scottish
	"Eilidh", "Callum", "Mhairi", "Ruairidh", "Catriona", "Fraser",
	// others
	"Chidi", "Ngozi", "Oluwaseun", "Adaeze", "Priya", "Arjun", "Aisha", "Mohammed", "Fatima", "Omar",
	"Zainab", "Wei", "Mei", "Hiroshi", "Agnieszka", "Łukasz", "Zofia", "Tomasz", "José", "María",
	"Inês", "João", "François", "Zoë", "Renée", "Chloé", "Björn", "Søren", "Kwame", "Abena",
}

var familyNames = []string{
	// English
	"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
	"Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
	"Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill",
	"Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
	"Scott", "Phillips", "Watson", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly",
	"Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox",
	"Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster",
	"Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell",
	// Irish
	"Ó Súilleabháin", "O'Sullivan", "Ó Briain", "O'Brien", "McCarthy", "Ó Ceallaigh", "Ní Bhriain",
	"Nic Dhomhnaill", "Ó Néill", "Ó Dónaill", "Byrne", "Ryan", "Walsh", "Doyle", "Kavanagh",
	"Fitzgerald", "Quinn", "Brennan", "Gallagher", "Ó Murchú", "Mac Giolla Phádraig",
	// Welsh
	"ap Dafydd", "Pritchard", "Prosser", "Bowen", "Vaughan", "Llewellyn", "Rhydderch", "Gruffydd",
	"Parry", "Pugh", "Cadwaladr", "ab Owain",
	// Scottish
	"MacDonald", "MacLeod", "McKenzie", "MacKay", "Fraser", "Stewart", "Robertson", "Ross", "Sinclair", "Munro",
	// others
	"Okafor", "Okoro", "Adeyemi", "Mensah", "Osei", "Nwosu", "Chukwu", "Nguyen", "Chen", "Wang",
	"Kaur", "Sharma", "Gupta", "Kowalski", "Nowak", "Wiśniewska", "Łukasiewicz", "García", "Rodríguez",
	"Fernández", "Müller", "Schröder", "Lefèvre", "Dubois", "Núñez", "Gonçalves", "Søndergaard", "Björk",
}

// Parts of made-up compound surnames ("Ashwick", "Thornfield").
var (
	surnameStarts = []string{"Ash", "Black", "Brad", "Brook", "Cal", "Dun", "East", "Fair", "Green", "Hart",
		"Hol", "Kings", "Lang", "Mar", "Mill", "North", "Oak", "Red", "Rock", "Stan", "Thorn", "West", "Whit", "Wood"}
	surnameEnds = []string{"ford", "well", "ley", "ton", "wood", "by", "field", "ham", "more", "worth",
		"cott", "dale", "hurst", "stone", "wick", "bridge"}
)

var towns = []string{
	"Leeds", "Cardiff", "Bangor", "Swansea", "Manchester", "Bristol", "Norwich", "York", "Exeter", "Hull",
	"Carlisle", "Aberystwyth", "Wrexham", "Newcastle", "Sheffield", "Leicester", "Nottingham", "Oxford",
	"Cambridge", "Brighton", "Plymouth", "Truro", "Lincoln", "Chester", "Birmingham", "Liverpool",
	"Southampton", "Derby", "Coventry", "Carmarthen", "Llandudno", "Kendal", "Durham", "Ipswich",
}

// Generator makes fictional data. It is deterministic for its seed and not
// safe for concurrent use.
type Generator struct {
	r *rand.Rand
}

// New returns a generator seeded with seed.
func New(seed int64) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))}
}

// Rand returns the generator's source of randomness, for callers that need
// other random choices in the same deterministic sequence.
func (g *Generator) Rand() *rand.Rand { return g.r }

func (g *Generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

// GivenNames returns one given name, or sometimes two ("Mary Aoife").
func (g *Generator) GivenNames() string {
	if g.r.IntN(5) == 0 {
		return g.pick(givenNames) + " " + g.pick(givenNames)
	}
	return g.pick(givenNames)
}

// FamilyName returns a family name: a common one, a made-up compound one
// ("Thornfield") or a double-barrelled one ("Jones-Okafor").
func (g *Generator) FamilyName() string {
	switch n := g.r.IntN(20); {
	case n < 11:
		return g.pick(familyNames)
	case n < 18:
		return g.pick(surnameStarts) + g.pick(surnameEnds)
	default:
		a, b := g.pick(familyNames), g.pick(familyNames)
		if strings.Contains(a, " ") || strings.Contains(b, " ") || a == b {
			return a
		}
		return a + "-" + b
	}
}

// Town returns a town in England or Wales.
func (g *Generator) Town() string { return g.pick(towns) }

// Employer returns a fictional employer's name, kind ("nhs-trust",
// "council", "private" or "charity") and town.
func (g *Generator) Employer() (name, kind, town string) {
	town = g.Town()
	switch g.r.IntN(4) {
	case 0:
		return town + " Community Health NHS Trust", "nhs-trust", town
	case 1:
		return town + " Borough Council", "council", town
	case 2:
		return g.pick(surnameStarts) + g.pick(surnameEnds) + " Care Homes Ltd", "private", town
	default:
		return town + " " + g.pick([]string{"Family Support", "Carers' Network", "Youth Trust"}), "charity", town
	}
}
