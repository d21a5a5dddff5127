//! report.html's locality pages on the panel fixtures (`fixtures/panel/`: one commune's quý I,
//! 6-month, 9-month and annual reports of 2023 as DOCX and PDF, with a cumulative count that
//! goes backwards and a restated figure that differs): the time line, the charts, the panel
//! findings marked on them, and the page in headless Chromium when it is installed.

mod common;

use std::path::Path;
use std::process::Command;

/// The `<section id="…">` element whose text contains `needle`, up to its end.
fn section<'h>(html: &'h str, needle: &str) -> &'h str {
    html.split("<section id=\"")
        .skip(1)
        .find(|s| s.contains(needle))
        .and_then(|s| s.split("</section>").next())
        .unwrap_or_else(|| panic!("no section with {needle:?}"))
}

/// The number N of the document section (`#doc-N`) of the file ending in `name`.
fn doc_section(html: &str, name: &str) -> usize {
    let s = section(html, &format!("/{name}</code> · "));
    s.strip_prefix("doc-")
        .and_then(|s| s.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{name}: not a document section: {}", &s[..80]))
}

/// The values written in bold in the finding colour in an SVG chart: the marked points.
fn marked(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .filter(|t| t.contains("fill=\"#B42318\"") && t.contains("font-weight=\"bold\""))
        .filter_map(|t| {
            Some(
                t.split_once('>')?
                    .1
                    .split_once("</text>")?
                    .0
                    .trim()
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn the_panel_fixtures_have_a_locality_page_with_the_findings_marked_on_its_charts() {
    let out = std::env::temp_dir().join(format!("baocao-report-panel-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    common::ingest(&["fixtures/panel"], &out);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no URL"
    );

    // The index links to the locality's page.
    let index = html
        .split("id=\"localities\"")
        .nth(1)
        .expect("a table of localities");
    let index = index.split("</table>").next().unwrap();
    let row = index
        .split("<tr>")
        .find(|r| r.contains(">Tân Phong</a>"))
        .expect("Tân Phong in the index");
    assert!(
        row.contains("<td class=\"num\">4</td>"),
        "four reports: {row}"
    );
    assert!(
        row.contains("<td class=\"num\">2</td>"),
        "two findings: {row}"
    );
    let page = section(&html, "<h2>Tân Phong");
    let id = page.split('"').next().unwrap();
    assert!(row.contains(&format!("href=\"#{id}\"")), "{row}");

    // The four reports on the time line, in period order, each linking to its DOCX's
    // section (the primary file) and listing its PDF copy.
    let timeline = page.split("<ol class=\"timeline\">").nth(1).unwrap();
    let timeline = timeline.split("</ol>").next().unwrap();
    let items: Vec<&str> = timeline.split("<li>").skip(1).collect();
    assert_eq!(items.len(), 4, "{timeline}");
    let expected = [
        ("quý I năm 2023", "12/BC-UBND", "q1"),
        ("6 tháng đầu năm 2023", "45/BC-UBND", "6m"),
        ("9 tháng đầu năm 2023", "78/BC-UBND", "9m"),
        ("năm 2023", "102/BC-UBND", "year"),
    ];
    for (item, (label, number, file)) in items.iter().zip(expected) {
        assert!(
            item.contains(&format!("<span class=\"when\">{label}</span>")),
            "{item}"
        );
        let docx = doc_section(&html, &format!("tan-phong-2023-{file}.docx"));
        let pdf = doc_section(&html, &format!("tan-phong-2023-{file}.pdf"));
        assert!(
            item.contains(&format!("<a href=\"#doc-{docx}\">{number}</a>")),
            "{item}"
        );
        assert!(
            item.contains(&format!("copy <a href=\"#doc-{pdf}\">")),
            "{item}"
        );
    }
    assert!(
        items[2].contains(">panel.cumulative_decrease</a>"),
        "{}",
        items[2]
    );
    assert!(
        items[3].contains(">panel.restated_differs</a>"),
        "{}",
        items[3]
    );

    // dossiers.resolved: an SVG chart of the four reports with 620 and 590 marked.
    let chart = |indicator: &str| {
        page.split(&format!(
            "<figure class=\"chart\" data-indicator=\"{indicator}\""
        ))
        .nth(1)
        .and_then(|c| c.split("</figure>").next())
        .unwrap_or_else(|| panic!("no chart of {indicator}"))
    };
    let resolved = chart("dossiers.resolved");
    assert!(resolved.starts_with(" data-marked>"), "{resolved}");
    assert!(resolved.contains("<svg "));
    assert_eq!(marked(resolved), ["620", "590"]);
    assert!(resolved.contains(
        "31/03/2023: 300 · 30/06/2023: 620 (finding) · 30/09/2023: 590 (finding) · 31/12/2023: 1290"
    ));
    // dossiers.received: the 6-month report's 650 marked, and the annual report's 655 for
    // that half-year as a cross.
    let received = chart("dossiers.received");
    assert_eq!(marked(received), ["650", "655"]);
    assert!(received.contains("30/06/2023: 655 (quoted by a later report, finding)"));
    // No finding about the on-time share.
    assert!(marked(chart("dossiers.on_time_pct")).is_empty());
    // Each finding listed under its chart, linking to the finding on the page.
    for (rule, c) in [
        ("panel.cumulative_decrease", "dossiers.resolved"),
        ("panel.restated_differs", "dossiers.received"),
    ] {
        let after = page
            .split(&format!("data-indicator=\"{c}\""))
            .nth(1)
            .unwrap();
        let note = after
            .split("<ul class=\"notes\">")
            .nth(1)
            .and_then(|n| n.split("</ul>").next())
            .unwrap();
        let anchor = note
            .split("href=\"#")
            .nth(1)
            .and_then(|a| a.split('"').next())
            .unwrap();
        assert!(note.contains(&format!(">{rule}</a>")), "{note}");
        assert!(page.contains(&format!("<div class=\"finding warning\" id=\"{anchor}\">")));
    }

    browser_check(&out, id);
    let _ = std::fs::remove_dir_all(&out);
}

/// Loads the locality page at one of its findings in headless Chromium, when installed: no
/// console message (no script error), the page shown (`section:has(:target)`) instead of the
/// index, and the dossiers.resolved chart drawn with its 590 in the finding colour.
fn browser_check(out: &Path, id: &str) {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    let Some(chromium) = chromium else {
        eprintln!("chromium not installed: browser check skipped (apt-get install chromium)");
        return;
    };
    // A copy of the page with a probe that writes what the browser shows into the DOM.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let probe = format!(
        r##"<script>
addEventListener("load",function(){{
var s=document.getElementById("{id}"),svg=s.querySelector('figure[data-indicator="dossiers.resolved"] svg');
var red=Array.prototype.filter.call(svg.querySelectorAll("text"),function(t){{return t.getAttribute("fill")==="#B42318"&&t.textContent.trim()==="590"}});
document.body.setAttribute("data-probe",[getComputedStyle(s).display,getComputedStyle(document.getElementById("index")).display,svg instanceof SVGSVGElement,svg.getBoundingClientRect().width>100,red.length].join(" "));
}});
</script>
</body>"##
    );
    let probed = out.join("probed.html");
    std::fs::write(&probed, html.replacen("</body>", &probe, 1)).unwrap();
    let profile = std::env::temp_dir().join(format!("baocao-chromium-loc-{}", std::process::id()));
    let url = format!("file://{}#{id}-f-0", probed.display());
    let o = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("run chromium");
    let _ = std::fs::remove_dir_all(&profile);
    let dom = String::from_utf8_lossy(&o.stdout);
    let log = String::from_utf8_lossy(&o.stderr);
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    assert!(
        dom.contains("data-probe=\"block none true true 1\""),
        "shown, index hidden, chart drawn, 590 in red; body: {:?}",
        dom.split("<body").nth(1).map(|b| b.split('>').next())
    );
}
