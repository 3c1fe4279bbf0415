package web

// ServiceName is the name shown in every header and page title.
const ServiceName = "fitness"

// Page is what the layout needs besides the page's own content.
type Page struct {
	Title     string // the page's title, without the service name
	HasErrors bool   // prefixes the title with "Error: "
	Assets    *Assets
	HomeURL   string // the service name links here; "" means "/"
	Nav       []NavItem
	User      string // name of the signed-in user; "" when signed out
	SignOut   string // URL the sign-out button posts to
	Demo      bool   // shows the "Demo" phase banner
	Flash     []string
	BackLink  string
}

// NavItem is one link of the service navigation.
type NavItem struct {
	Text    string
	Href    string
	Current bool
}

// FullTitle returns the text of the <title> element: "Page – fitness", with
// an "Error: " prefix when the page shows errors.
func (p Page) FullTitle() string {
	t := p.Title + " – " + ServiceName
	if p.Title == "" {
		t = ServiceName
	}
	if p.HasErrors {
		t = "Error: " + t
	}
	return t
}

func (p Page) home() string {
	if p.HomeURL == "" {
		return "/"
	}
	return p.HomeURL
}
