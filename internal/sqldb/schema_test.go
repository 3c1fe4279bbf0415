package sqldb

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// updateGolden is -update: rewrite the golden files instead of comparing.
var updateGolden = func() *bool {
	if f := flag.Lookup("update"); f != nil {
		v := f.Value.String() == "true"
		return &v
	}
	return flag.Bool("update", false, "rewrite golden files")
}()

// searchMachinery reports whether a table is engine-specific search
// machinery, documented in migrations/sqlite/00001_init.sql: the FTS5
// tables over registrants and their shadow tables. PostgreSQL keeps its
// search in indexes, so it has no such tables.
func searchMachinery(table string) bool {
	return strings.HasPrefix(table, "registrants_fts") || strings.HasPrefix(table, "registrants_trgm")
}

// gooseTable is goose's own bookkeeping table.
const gooseTable = "goose_db_version"

// tableColumns returns "table: col, col, …" for every table of db except
// goose's and the search machinery, columns in name order.
func tableColumns(t *testing.T, db *DB) []string {
	t.Helper()
	q := `SELECT m.name, p.name FROM sqlite_master m, pragma_table_xinfo(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'`
	if db.Engine == Postgres {
		q = `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema()`
	}
	rows, err := db.read.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		if table != gooseTable && !searchMachinery(table) {
			cols[table] = append(cols[table], col)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var out []string
	for table, cs := range cols {
		slices.Sort(cs)
		out = append(out, table+": "+strings.Join(cs, ", "))
	}
	slices.Sort(out)
	return out
}

// TestSchemaSameOnBothEngines migrates both engines and compares their
// tables and column names.
func TestSchemaSameOnBothEngines(t *testing.T) {
	if os.Getenv("FITNESS_TEST_POSTGRES") == "" {
		t.Skip("schema comparison skipped: set FITNESS_TEST_POSTGRES to a postgres:// URL")
	}
	lite := tableColumns(t, MustOpenTest(t, SQLite))
	pg := tableColumns(t, MustOpenTest(t, Postgres))
	if diff := cmp.Diff(lite, pg); diff != "" {
		t.Errorf("tables and columns differ (-sqlite +postgres):\n%s", diff)
	}
}

// TestSchemaGolden compares a dump of each engine's migrated schema with
// testdata/schema.ENGINE.golden; go test -run TestSchemaGolden -update
// rewrites them.
func TestSchemaGolden(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		got := dumpSchema(t, db)
		path := filepath.Join("testdata", "schema."+string(db.Engine)+".golden")
		if *updateGolden {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestSchemaGolden -update to create it)", err)
		}
		if diff := cmp.Diff(string(want), got); diff != "" {
			t.Errorf("schema differs from %s (-want +got; rerun with -update if intended):\n%s", path, diff)
		}
	})
}

// dumpSchema returns the schema as text: on SQLite every statement in
// sqlite_master; on PostgreSQL the extensions, functions, columns,
// constraints and indexes of the current schema.
func dumpSchema(t *testing.T, db *DB) string {
	t.Helper()
	queries := []string{`SELECT type || ' ' || name || char(10) || sql FROM sqlite_master
		WHERE sql IS NOT NULL AND name <> 'goose_db_version' ORDER BY type, name`}
	if db.Engine == Postgres {
		queries = []string{
			`SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname`,
			`SELECT 'function ' || p.proname || '(' || pg_get_function_arguments(p.oid) || ') ' || pg_get_function_result(p.oid)
				FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
				WHERE n.nspname = current_schema() AND NOT EXISTS (
					SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
				ORDER BY 1`,
			`SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type ||
				CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END ||
				COALESCE(' DEFAULT ' || column_default, '') ||
				CASE WHEN is_identity = 'YES' THEN ' IDENTITY' ELSE '' END
				FROM information_schema.columns
				WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'
				ORDER BY table_name, ordinal_position`,
			`SELECT 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
				FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
				WHERE n.nspname = current_schema() AND c.conrelid::regclass::text <> 'goose_db_version'
				ORDER BY 1`,
			`SELECT 'index ' || indexdef FROM pg_indexes
				WHERE schemaname = current_schema() AND tablename <> 'goose_db_version' ORDER BY indexname`,
		}
	}
	var b strings.Builder
	for _, q := range queries {
		rows, err := db.read.QueryContext(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, line)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}
