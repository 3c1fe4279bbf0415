package synth

import (
	"strings"
	"unicode"
)

// EmailDomain is the domain of every synthetic email address: .test is
// reserved (RFC 2606), so no mail can reach a real person.
const EmailDomain = "example.test"

// Email returns a synthetic email address for a person called name at
// the subdomain sub of [EmailDomain], such as
// "siobhan.okafor@registrants.example.test": letters are folded to
// ASCII, words joined with dots and anything else dropped. It returns ""
// when name holds no letter or digit.
func Email(name, sub string) string {
	var words []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' || r == '.' }) {
		var b strings.Builder
		for _, r := range strings.ToLower(w) {
			switch {
			case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
				b.WriteRune(r)
			case asciiFold[r] != "":
				b.WriteString(asciiFold[r])
			}
		}
		if b.Len() > 0 {
			words = append(words, b.String())
		}
	}
	if len(words) == 0 {
		return ""
	}
	domain := EmailDomain
	if sub != "" {
		domain = sub + "." + domain
	}
	return strings.Join(words, ".") + "@" + domain
}

// asciiFold spells the lower-case letters with marks used in the
// synthetic names without them.
var asciiFold = map[rune]string{
	'á': "a", 'à': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ñ': "n", 'ó': "o", 'ò': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o",
	'ú': "u", 'ù': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ł': "l", 'ś': "s", 'ź': "z", 'ż': "z", 'ć': "c",
	'ń': "n", 'ę': "e", 'ą': "a", 'ŵ': "w", 'ŷ': "y", 'ß': "ss", 'æ': "ae", 'œ': "oe", '\'': "", '’': "",
}
