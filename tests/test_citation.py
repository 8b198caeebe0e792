"""APA 7 citations: authors, group authors, missing parts, pages, Indonesian words."""

from tracker.analysis.citation import cite, family_and_initials


def test_thesis_with_one_author_and_a_page():
    citation = cite({"title": "Akses layanan kesehatan seksual bagi pekerja seks daring di Surabaya", "author": "Rina Kartika Sari",
                     "year": 2023, "institution": "Universitas Tanjung Harapan", "url": None}, page=4)
    assert citation.reference == ("Sari, R. K. (2023). Akses layanan kesehatan seksual bagi pekerja seks daring di Surabaya. "
                                  "Universitas Tanjung Harapan.")
    assert citation.reference_html() == ("Sari, R. K. (2023). <i>Akses layanan kesehatan seksual bagi pekerja seks daring di "
                                          "Surabaya.</i> Universitas Tanjung Harapan.")
    assert citation.in_text == "(Sari, 2023, p. 4)"
    assert citation.complete


def test_two_and_three_authors_a_url_and_a_title_ending_in_a_question_mark():
    two = cite({"title": "Who moderates?", "author": "Andi Nurul Hidayah; Siregar, Muhammad Fajar", "year": 2022,
                "institution": "Universitas Pesisir Selatan", "url": "https://example.org/report"})
    assert two.reference == ("Hidayah, A. N., & Siregar, M. F. (2022). Who moderates? Universitas Pesisir Selatan. "
                             "https://example.org/report")
    assert two.in_text == "(Hidayah & Siregar, 2022)"
    three = cite({"title": "T", "author": "A One; B Two; C Three", "year": 2020, "institution": "X"}, page=2, language="id")
    assert three.reference.startswith("One, A., Two, B., & Three, C. (2020).")
    assert three.in_text == "(One dkk., 2020, hlm. 2)"


def test_an_institution_as_author_is_kept_whole_and_not_repeated_as_publisher():
    citation = cite({"title": "Laporan tahunan", "author": "Kementerian Kesehatan", "year": 2021, "institution": "Kementerian Kesehatan"})
    assert citation.reference == "Kementerian Kesehatan. (2021). Laporan tahunan."
    assert citation.in_text == "(Kementerian Kesehatan, 2021)"
    assert family_and_initials("Lembaga Bantuan Hukum APIK") == ("Lembaga Bantuan Hukum APIK", "")
    assert family_and_initials("Sukarno") == ("Sukarno", "")
    assert family_and_initials("Jean-Paul Sartre") == ("Sartre", "J.-P.")


def test_missing_parts_follow_apa_and_are_named():
    no_author = cite({"title": "Prostitusi online dalam perspektif dramaturgi", "author": None, "year": None,
                      "institution": None, "url": None}, page=3)
    assert no_author.reference == "Prostitusi online dalam perspektif dramaturgi. (n.d.)."
    assert no_author.in_text == "(Prostitusi online dalam perspektif dramaturgi, n.d., p. 3)"
    assert no_author.missing == ("author", "year", "institution")
    nothing = cite({"title": None, "author": None, "year": None, "institution": "Universitas Multimedia Nusantara"}, language="id")
    assert nothing.reference == "[Dokumen tanpa judul]. (t.t.). Universitas Multimedia Nusantara."
    assert nothing.in_text == "([Dokumen tanpa judul], t.t.)"
    described = cite({"title": None, "author": None, "year": None, "institution": None, "platforms": "MiChat; Twitter", "city": "Bekasi"})
    assert described.reference == "[Untitled document: MiChat, Twitter, Bekasi]. (n.d.)."
    assert cite({"platforms": ["MiChat"], "city": None}).in_text == "([Untitled document: MiChat], n.d.)"
    assert nothing.missing == ("title", "author", "year")
