package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"fitness/internal/fitness"
)

// staffMix is the share of each role among the staff, per thousand: an
// FtP department is mostly case managers, with team leaders over them,
// hearings officers, a few registrar's staff, panel members and
// administrators.
var staffMix = []struct {
	role  fitness.Role
	share int
	email string
}{
	{fitness.RoleCaseManager, 640, "case-manager"},
	{fitness.RoleTeamLeader, 80, "team-leader"},
	{fitness.RoleHearingsOfficer, 120, "hearings"},
	{fitness.RoleRegistrar, 30, "registrar"},
	{fitness.RolePanelMember, 110, "panel"},
	{fitness.RoleAdmin, 20, "admin"},
}

// Staff is a synthetic FtP department: its users and, by role, the actors
// that take the process's actions.
type Staff struct {
	Users  []fitness.User
	byRole map[fitness.Role][]fitness.Actor
}

// NewStaff returns n staff users (at least one per role), with emails
// ROLE-NNN@staff.fitness.test and fictional names, created at created. It
// is deterministic for seed.
func NewStaff(seed int64, n int, created time.Time) *Staff {
	r := stream(seed, streamStaff, 0)
	g := &Generator{r: r}
	s := &Staff{byRole: map[fitness.Role][]fitness.Actor{}}
	for i, m := range staffMix {
		count := max(1, n*m.share/1000)
		if i == 0 {
			count = max(1, n-othersCount(n))
		}
		for j := 1; j <= count; j++ {
			name := g.GivenNames() + " " + g.FamilyName()
			u := fitness.User{
				ID:        newID(r, created),
				Email:     fmt.Sprintf("%s-%03d@staff.fitness.test", m.email, j),
				Name:      strings.TrimSpace(name),
				Roles:     []fitness.Role{m.role},
				Active:    true,
				CreatedAt: created,
			}
			s.Users = append(s.Users, u)
			s.byRole[m.role] = append(s.byRole[m.role], u.Actor())
		}
	}
	return s
}

// othersCount is how many of n staff hold a role other than case manager.
func othersCount(n int) int {
	total := 0
	for _, m := range staffMix[1:] {
		total += max(1, n*m.share/1000)
	}
	return total
}

// pick returns one of the actors holding role, at random.
func (s *Staff) pick(r *rand.Rand, role fitness.Role) fitness.Actor {
	as := s.byRole[role]
	return as[r.IntN(len(as))]
}

// Actors returns the actors holding role, in the order of Users.
func (s *Staff) Actors(role fitness.Role) []fitness.Actor { return s.byRole[role] }
