// Package fitness is the domain of the fitness-to-practise case system: its
// vocabulary (registrants, concerns, cases, events), the process table that
// says which action moves a case from which stage to which, the statutory
// numbers in [Rules], and the access [Decide] function.
//
// It imports the standard library only. Storage, web, API and jobs packages
// import it and never each other.
//
// Glossary:
//   - Registrant: a professional on the public register.
//   - Concern: what someone raised, about one or more registrants.
//   - Case: one registrant, one matter; a concern about two people makes two
//     linked cases.
//   - Stage: where a case is in the process (triage, investigation, …).
//   - Action: a step a person takes that may move a case between stages.
//   - Event: the append-only record of an action, hash-chained for audit.
package fitness
