package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/coupond/coupond/internal/config"
)

// docsConfiguration is the page whose table documents every setting.
const docsConfiguration = "docs/configuration.md"

// readmeMaxLines: the README says what coupond is, how to run and test it,
// a tour and where the docs are; everything else lives in docs/.
const readmeMaxLines = 200

// The configuration page's table must list every setting, by its variable
// and its flag.
func TestDocsListEverySetting(t *testing.T) {
	b, err := os.ReadFile(docsConfiguration)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, s := range config.Settings() {
		if !strings.Contains(doc, "`"+s.Env+"`") {
			t.Errorf("%s does not document %s", docsConfiguration, s.Env)
		}
		if s.Flag != "" && !strings.Contains(doc, "`-"+s.Flag+"`") {
			t.Errorf("%s does not document -%s", docsConfiguration, s.Flag)
		}
	}
}

func TestReadmeIsShort(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "\n"); n > readmeMaxLines {
		t.Errorf("README.md has %d lines, at most %d: move the rest to docs/", n, readmeMaxLines)
	}
}

// No link of the README or docs/ leaves the repository: every link is a
// relative path to a file or folder that exists inside it (an anchor in
// the same page is fine); no http(s) or other scheme, no absolute path, no
// bare URL (which renderers turn into links). Code is not prose: fenced
// blocks and `code spans` are skipped.
func TestDocsLinksStayInRepo(t *testing.T) {
	pages, err := filepath.Glob("docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	pages = append([]string{"README.md"}, pages...)
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range pages {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range markdownLinks(string(b)) {
			if why := linkProblem(root, page, l.target); why != "" {
				t.Errorf("%s:%d: link %q %s", page, l.line, l.target, why)
			}
		}
	}
}

type docLink struct {
	line   int
	target string
}

var (
	fence      = regexp.MustCompile("^\\s*(```|~~~)")
	codeSpan   = regexp.MustCompile("`+[^`]*`+")
	inlineLink = regexp.MustCompile(`\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)`)
	refDef     = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)`)
	htmlAttr   = regexp.MustCompile(`(?i)\b(?:href|src)\s*=\s*["']([^"']*)["']`)
	autolink   = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>`)
	bareURL    = regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+`)
)

// markdownLinks returns the link targets of a Markdown page outside code:
// inline links and images, reference definitions, autolinks, HTML href and
// src attributes, and bare URLs.
func markdownLinks(md string) []docLink {
	var out []docLink
	inFence := false
	for i, line := range strings.Split(md, "\n") {
		if fence.MatchString(line) {
			inFence = !inFence
			continue
		}
		if inFence {
			continue
		}
		line = codeSpan.ReplaceAllString(line, "``")
		for _, re := range []*regexp.Regexp{inlineLink, refDef, htmlAttr, autolink} {
			for _, m := range re.FindAllStringSubmatch(line, -1) {
				out = append(out, docLink{i + 1, m[1]})
			}
			line = re.ReplaceAllString(line, "")
		}
		for _, m := range bareURL.FindAllString(line, -1) {
			out = append(out, docLink{i + 1, m})
		}
	}
	return out
}

var scheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// linkProblem says why target, linked from page, leaves the repository
// rooted at root or leads nowhere ("" when it is fine).
func linkProblem(root, page, target string) string {
	switch {
	case scheme.MatchString(target), strings.HasPrefix(strings.ToLower(target), "www."):
		return "leaves the repository (name it as plain text instead)"
	case strings.HasPrefix(target, "//"), strings.HasPrefix(target, "/"):
		return "is absolute: link a path relative to the page"
	case target == "":
		return "is empty"
	}
	path, _, _ := strings.Cut(target, "#")
	path, _, _ = strings.Cut(path, "?")
	if path == "" {
		return "" // an anchor in the same page
	}
	abs := filepath.Join(root, filepath.Dir(page), filepath.FromSlash(path))
	if rel, err := filepath.Rel(root, abs); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "leaves the repository"
	}
	if _, err := os.Stat(abs); err != nil {
		return "leads to no file of the repository"
	}
	return ""
}

// The link check itself: what it must refuse and what it must let through.
func TestDocsLinkCheck(t *testing.T) {
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	md := strings.Join([]string{
		"See [the docs](docs/configuration.md), [a folder](graph/schema) and [here](#tour).",
		"![shot](web/screenshot-console.png)",
		"[ref]: docs/replicas.md",
		"Bad: [contract](../shared/contract/schema.graphqls), [web](https://example.com/x),",
		"[gone](docs/nothing.md), [abs](/etc/passwd), <https://example.org>, see https://example.net/y,",
		`<a href="http://example.com">x</a>, [mail](mailto:a@b.c)`,
		"Code is skipped: `[x](https://in-a-span.example)`",
		"```",
		"[x](https://in-a-fence.example)",
		"```",
	}, "\n")
	got := map[string]bool{}
	for _, l := range markdownLinks(md) {
		got[l.target] = linkProblem(root, "README.md", l.target) == ""
	}
	want := map[string]bool{
		"docs/configuration.md": true, "graph/schema": true, "#tour": true, "web/screenshot-console.png": true, "docs/replicas.md": true,
		"../shared/contract/schema.graphqls": false, "https://example.com/x": false, "docs/nothing.md": false, "/etc/passwd": false,
		"https://example.org": false, "https://example.net/y,": false, "http://example.com": false, "mailto:a@b.c": false,
	}
	for target, ok := range want {
		if g, found := got[target]; !found {
			t.Errorf("%q not found as a link", target)
		} else if g != ok {
			t.Errorf("%q accepted = %v, want %v", target, g, ok)
		}
	}
	for target := range got {
		if _, ok := want[target]; !ok {
			t.Errorf("%q taken for a link", target)
		}
	}
	if p := linkProblem(root, "docs/api.md", "../graph/schema"); p != "" {
		t.Errorf("a link from docs/ to a folder of the repository: %s", p)
	}
}
