"""The engine's general rules, one at a time, on short texts written for these tests:
how Indonesian and English recommend, address, negate, and how flattened layouts are read."""

import pytest

from tracker.engine.codebook import load_codebook
from tracker.engine.extraction import extract_text
from tracker.engine.reading import SourceText
from tracker.engine.tagging import Passage, tag


def found(text: str) -> list[tuple[str, list[str], str]]:
    """(first words, audiences, approach) of each recommendation the engine finds in a text."""
    extraction = extract_text(SourceText("test.txt", text, "txt"))
    return [(" ".join(item.text.split()[:3]), item.audiences, item.approach) for item in extraction.recommendations]


def extracted(text: str):
    return extract_text(SourceText("test.txt", text, "txt"))


def tagged(text: str, heading: str | None = None):
    passage = Passage(text, lambda start, end: (start, end), "text")
    heading_passage = Passage(heading, lambda start, end: (start, end), "heading") if heading else None
    return tag(passage, load_codebook(), "strong", heading=heading_passage)


# Recommending without the usual words --------------------------------------------------


@pytest.mark.parametrize("item", [
    "Perketat pengawasan terhadap tempat hiburan yang mempekerjakan anak.",
    "Bukalah layanan tes HIV pada malam hari.",
    "Libatkan komunitas pekerja seks dalam merancang program.",
    "Ensure that outreach workers can reach people online.",
])
def test_a_command_at_the_head_of_a_paragraph_recommends(item):
    [recommendation] = extracted(f"5.2 Saran\n\nUntuk pemerintah daerah\n\n{item}\n").recommendations
    assert recommendation.text == item
    assert recommendation.audiences == ["government"]
    assert "weak evidence that this is a recommendation" not in recommendation.review_reasons
    assert recommendation.evidence[0].label == "recommendation" and recommendation.evidence[0].cue == item.split()[0]


def test_ordinal_paragraphs_are_items_even_without_a_verb():
    text = (
        "Rekomendasi Kebijakan\n\n"
        "Pertama, pemerintah kota perlu merevisi perda ketertiban umum.\n\n"
        "Kedua, pelatihan keterampilan dan bantuan modal usaha bagi perempuan yang keluar dari lokalisasi.\n"
    )
    assert found(text) == [
        ("Pertama, pemerintah kota", ["government"], "neither"),
        # No actor named: running skills training is inferred to be the state's.
        ("Kedua, pelatihan keterampilan", ["government"], "harm_reduction"),
    ]
    second = extracted(text).recommendations[1]
    assert [(e.label, e.cue, e.source) for e in second.evidence if e.label == "government"] == [
        ("government", "pelatihan keterampilan", "inferred"), ("government", "bantuan modal", "inferred")]


def test_items_under_a_lead_in_take_it_as_evidence_with_full_confidence():
    text = (
        "5.2 Saran\n\n"
        "Beberapa saran untuk pengembangan sistem ini, yaitu:\n"
        "1. Menambahkan data latih dari platform lain.\n"
        "2. Melakukan pengujian dengan metode lain.\n"
    )
    recommendations = extracted(text).recommendations
    assert [(r.audiences, r.approach, r.confidence, r.needs_review) for r in recommendations] == [
        (["researchers"], "neither", 0.7, False), (["researchers"], "neither", 0.7, False)]
    assert all(r.evidence[0].source == "lead_in" and r.evidence[0].cue == "saran untuk" for r in recommendations)


@pytest.mark.parametrize("sentence, audiences", [
    ("Komnas HAM mendesak kepolisian menghentikan penggerebekan di rumah kos.", ["government"]),
    ("Ia berharap dinas sosial membuka rumah singgah.", ["government"]),
    ("The ministry urged parents to talk with their children about grooming.", ["public"]),
    ("The report recommends that the government stop prosecuting adults.", ["government"]),
    # Who sells sex, named by where or how they work; a congregation is the public.
    ("LBH mengimbau warga transpuan yang masih mangkal di terminal agar menyimpan nomor pendamping hukum.", ["sex_workers"]),
    ("The report asked the provincial AIDS commission to publish testing figures.", ["government"]),
    ("Councillor Fadli Rahman said the city should reopen the night clinic.", ["government"]),
    # A passive request asks its subject; an impersonal one asks who follows.
    ("Platforms are encouraged to give users notice before removing a post.", ["app_developers"]),
    ("It is recommended that the Ministry of Health fund night clinics.", ["government"]),
    ("Ustaz Hamid mengajak jemaah agar memperlakukan warga transpuan sebagai tetangga.", ["public"]),
])
def test_reported_calls_in_a_news_report_ask_the_one_asked(sentence, audiences):
    text = f"Kota Baru Akan Tertibkan Kos-kosan\n\nKOTA BARU - Razia digelar Sabtu malam. {sentence} Razia akan berlanjut.\n"
    [(words, found_audiences, _)] = found(text)
    assert found_audiences == audiences
    assert words == " ".join(sentence.split()[:3])


def test_a_call_quoted_again_counts_once():
    text = (
        "Judul Berita\n\n"
        "Komnas Perempuan mendesak DPR segera merevisi pasal kesusilaan.\n\n"
        "\"Kami mendesak DPR segera merevisi pasal itu,\" kata komisioner.\n"
    )
    assert len(found(text)) == 1


def test_news_facts_and_pledges_are_not_calls():
    text = "Judul\n\nPolisi menangkap tiga orang. Kami akan terus melakukan patroli siber, ujarnya. Platform tidak bisa lepas tangan.\n"
    assert found(text) == []


# Flattened layout ------------------------------------------------------------------------


def test_headings_run_into_the_line_open_the_section_and_its_sub_headings():
    text = ("BAB V PENUTUP 5.1 Kesimpulan Penelitian ini menunjukkan razia masih sering. 5.2 Saran "
            "5.2.1 Bagi Dinas Sosial Hendaknya menyediakan rumah aman bagi korban. "
            "5.2.2 Bagi Peneliti Selanjutnya Penelitian berikutnya perlu menambah informan. DAFTAR PUSTAKA Abdullah. 2019.\n")
    extraction = extracted(text)
    assert [section.heading for section in extraction.sections] == ["5.2 Saran"]
    assert [(r.heading, r.text, r.audiences) for r in extraction.recommendations] == [
        ("5.2.1 Bagi Dinas Sosial", "Hendaknya menyediakan rumah aman bagi korban.", ["government"]),
        ("5.2.2 Bagi Peneliti Selanjutnya", "Penelitian berikutnya perlu menambah informan.", ["researchers"]),
    ]


def test_a_stretch_with_an_inferred_actor_ends_where_a_named_actor_is_asked():
    text = ("5.2 Saran\n\nBagi Kepolisian\n\nPatroli siber terhadap akun perantara perlu ditingkatkan. "
            "Penyidik hendaknya menjerat mucikari dengan pasal berlapis.\n")
    assert [words for words, _, _ in found(text)] == ["Patroli siber terhadap", "Penyidik hendaknya menjerat"]


def test_numbered_items_on_one_line_and_numbers_without_a_space():
    text = ("B. Saran Berdasarkan hasil tersebut, saran penulis sebagai berikut: 1. Bagi pihak kampus, perlu membuka "
            "layanan konseling. 2. Bagi mahasiswa, disarankan menjaga diri. 3.Pemerintah daerah hendaknya "
            "memperluas beasiswa.\n")
    assert found(text) == [
        ("Bagi pihak kampus,", ["researchers"], "harm_reduction"),
        ("Bagi mahasiswa, disarankan", ["public"], "neither"),
        ("Pemerintah daerah hendaknya", ["government"], "harm_reduction"),
    ]


def test_an_inline_label_in_an_abstract_governs_its_paragraph_only():
    text = ("ABSTRAK\n\nPenelitian ini mengkaji prostitusi daring di Bandung. Saran: Dinas Kesehatan perlu "
            "membuka layanan tes HIV bergerak.\n\nPenelitian lain menyebut razia perlu ditambah.\n\n"
            "Kata kunci: prostitusi daring\n")
    assert found(text) == [("Dinas Kesehatan perlu", ["government"], "harm_reduction")]


def test_an_abstract_that_recommends_in_so_many_words_gives_its_recommendations():
    text = ("Abstract\n\nAfter a request from the province, the site removed its section. These results suggest "
            "that takedowns relocated sex work. We recommend that platform operators pair each removal with links to "
            "health services. The provincial government, for its part, should fund outreach workers.\n\n"
            "Keywords: sex work; moderation\n\n1. Introduction\n\nThe police should be tougher, some say.\n")
    assert [(words, audiences) for words, audiences, _ in found(text)] == [
        ("We recommend that", ["app_developers"]), ("The provincial government,", ["government"])]


def test_an_abstract_that_only_reports_findings_gives_nothing():
    text = ("Abstrak\n\nPenelitian ini menunjukkan bahwa razia mendorong perempuan bekerja lewat aplikasi. "
            "Hasil ini menyarankan bahwa layanan kesehatan kehilangan jangkauan.\n\nKata kunci: razia\n")
    assert found(text) == []


def test_a_paragraph_that_turns_to_another_actor_is_split():
    text = ("Rekomendasi\n\nPemerintah daerah perlu menghentikan razia di jalanan. Warga di sekitar lokasi "
            "juga diharapkan tidak main hakim sendiri.\n")
    assert found(text) == [
        ("Pemerintah daerah perlu", ["government"], "harm_reduction"),
        ("Warga di sekitar", ["public"], "harm_reduction"),
    ]


@pytest.mark.parametrize("heading", ["DAFTAR REFERENSI", "Daftar Rujukan", "Bibliografi", "Works Cited", "LAMPIRAN"])
def test_every_bibliography_and_appendix_heading_ends_the_section(heading):
    text = f"5.2 Saran\n\nPemerintah perlu membuka layanan.\n\n{heading}\n\nSaputra, A. 2020. Polisi perlu tegas. Jakarta.\n"
    assert [words for words, _, _ in found(text)] == ["Pemerintah perlu membuka"]


@pytest.mark.parametrize("heading", [
    "CHAPTER 5: RECOMMENDATIONS", "BAB V SARAN", "Recommended actions", "Implications for policy and practice",
    "6. Limitations and future research", "5 Ethical Considerations and Recommendations for Deployment",
])
def test_closing_headings_that_name_what_should_follow_open_the_section(heading):
    text = (f"Results\n\nMost women now find clients online.\n\n{heading}\n\n"
            "District health offices should fund peer educators.\n\nReferences\n\nAbdullah. 2019.\n")
    assert found(text) == [("District health offices", ["government"], "harm_reduction")]


def test_a_web_page_title_that_repeats_the_chapter_heading_opens_nothing():
    text = ("BAB V KESIMPULAN DAN SARAN - Dampak Penutupan Lokalisasi | PDF\n\n"
            "BAB V KESIMPULAN DAN SARAN 5.1 Kesimpulan Pendapatan warga turun. "
            "5.2 Saran Pemerintah perlu membuka pelatihan kerja.\n")
    assert found(text) == [("Pemerintah perlu membuka", ["government"], "harm_reduction")]


def test_markdown_bold_lines_and_short_titles_head_their_items_and_a_rule_ends_the_section():
    text = ("## Recommendations\n\n**For district health offices**\n- Fund peer educators in every district.\n\n"
            "Koordinasi\n- Satu basis data kasus bersama untuk kepolisian dan dinas sosial.\n\n"
            "**Coordination**\nThe AIDS commission should convene partners every quarter.\n\n"
            "---\nThis brief was written by the Health Rights Unit. Contact: unit@example.org\n")
    extraction = extracted(text)
    assert [(r.heading, r.text) for r in extraction.recommendations] == [
        ("For district health offices", "Fund peer educators in every district."),
        ("Koordinasi", "Satu basis data kasus bersama untuk kepolisian dan dinas sosial."),
        ("Coordination", "The AIDS commission should convene partners every quarter."),
    ]
    assert extraction.recommendations[0].audiences == ["government"]


def test_website_lines_between_paragraphs_are_never_recommendations():
    text = ("5.2 Saran\n\nPemerintah perlu membuka layanan tes HIV malam.\n\nBaca juga: Razia di Kota Lama\n\n"
            "Dinas Sosial perlu menyediakan rumah aman.\n\nUnduh PDF (2,1 MB) © 2022 Repositori Universitas Contoh\n")
    assert [words for words, _, _ in found(text)] == ["Pemerintah perlu membuka", "Dinas Sosial perlu"]


def test_social_media_in_a_heading_are_the_platforms():
    text = ("## Recommendations\n\n**For platforms (including messaging, social media and dating apps):**\n\n"
            "- Notify users before suspending their accounts.\n")
    assert [r.audiences for r in extracted(text).recommendations] == [["app_developers"]]


def test_a_long_markdown_heading_is_never_cut():
    text = ("## 6. Recommendations\n\n### 6.1 To platform operators\n\nPlatforms should hire moderators.\n\n"
            "### 6.2 To the Ministry of Communication and Digital Affairs (Komdigi)\n\n"
            "The ministry must publish its blocking criteria.\n")
    assert [(r.heading, r.audiences) for r in extracted(text).recommendations] == [
        ("6.1 To platform operators", ["app_developers"]),
        ("6.2 To the Ministry of Communication and Digital Affairs (Komdigi)", ["government"]),
    ]


def test_a_bold_label_opening_a_paragraph_heads_it():
    text = ("## Recommendations\n\n**To law enforcement.** Investigators should pursue recruiters who deceive women.\n\n"
            "**To civil society.** Legal aid groups should train paralegals.\n")
    assert [(r.heading, r.text, r.audiences) for r in extracted(text).recommendations] == [
        ("To law enforcement.", "Investigators should pursue recruiters who deceive women.", ["government"]),
        ("To civil society.", "Legal aid groups should train paralegals.", ["ngos"]),
    ]


def test_a_rule_over_and_under_a_heading_only_decorates_it():
    text = ("-----\nFINDINGS\n-----\nMost women were detained at night.\n\n"
            "-----\nRECOMMENDATIONS\n-----\nThe ministry should end night sweeps.\n\nThe police should stop raids.\n")
    assert [words for words, _, _ in found(text)] == ["The ministry should", "The police should"]


def test_a_running_header_in_mixed_case_is_page_furniture():
    page = "Universitas Negeri Contoh\n{body}\n{number}\n\f"
    text = (page.format(body="BAB V PENUTUP\n\n5.2 Saran\n\nPemerintah perlu membuka layanan kesehatan.", number=1)
            + page.format(body="Lembaga swadaya masyarakat diharapkan mendampingi korban.", number=2)
            + page.format(body="DAFTAR PUSTAKA\n\nAbdullah. 2019.", number=3))
    assert [words for words, _, _ in found(text)] == ["Pemerintah perlu membuka", "Lembaga swadaya masyarakat"]


def test_a_first_line_indent_starts_a_paragraph_in_wrapped_text():
    text = ("5.2 Saran\n"
            "    Pemerintah kota perlu menghentikan razia di rumah kos dan membuka layanan yang\n"
            "ramah bagi pekerja seks di seluruh kecamatan di kota ini tanpa pengecualian.\n"
            "    Lembaga swadaya masyarakat diharapkan mendampingi korban pemerasan.\n")
    assert [words for words, _, _ in found(text)] == ["Pemerintah kota perlu", "Lembaga swadaya masyarakat"]


# Who is asked ------------------------------------------------------------------------------


def test_the_one_asked_not_the_one_asking():
    assert tagged("Komnas HAM meminta kepolisian menghentikan razia.").audiences == ["government"]
    assert tagged("LSM mendesak pemerintah membuka layanan.").audiences == ["government"]


@pytest.mark.parametrize("text, audiences", [
    ("Konseling bagi pekerja seks perlu disediakan.", []),
    ("Diskriminasi terhadap waria di layanan kesehatan harus diakhiri.", []),
    ("Perlu ada regulasi yang melindungi korban eksploitasi.", ["government"]),
    ("Perlu dilakukan pengujian dengan dataset yang lebih besar.", ["researchers"]),
])
def test_beneficiaries_are_not_addressees_and_actors_are_inferred_from_the_action(text, audiences):
    tags = tagged(text)
    assert tags.audiences == audiences


@pytest.mark.parametrize("text", [
    "Dinas Sosial perlu melakukan tindak lanjut atas setiap laporan warga.",
    "Puskesmas perlu memperluas pelacakan kontak pasangan pasien IMS.",
    "Peneliti selanjutnya perlu memperluas penelusuran literatur.",
    "Pendamping perlu membantu perempuan yang terjebak jerat utang mucikari.",
    "Program ini perlu memperluas penjaringan kasus HIV di kalangan waria.",
    "Clinics should offer STI testing free of charge in the evenings.",
])
def test_words_that_look_punitive_but_name_something_else(text):
    assert not [e for e in tagged(text).evidence if e.label == "punitive"]


@pytest.mark.parametrize("text, audiences, approach", [
    ("Further testing on other platforms is needed.", ["researchers"], "neither"),
    # HIV testing is a service, not the study's next step.
    ("Free HIV testing should be offered in the evenings.", [], "harm_reduction"),
])
def test_what_is_tested_decides_whether_research_is_asked(text, audiences, approach):
    tags = tagged(text)
    assert (tags.audiences, tags.approach) == (audiences, approach)


def test_multi_word_names_belong_to_one_audience():
    assert tagged("Tokoh masyarakat diharapkan mengajak warga menerima penyintas.").audiences == ["public"]
    assert tagged("Lembaga sosial masyarakat perlu mendampingi korban.").audiences == ["ngos"]
    assert tagged("Public policy makers should fund outreach.").audiences == ["government"]


def test_the_study_s_own_application_is_not_a_platform_addressed():
    tags = tagged("Aplikasi yang dibangun dapat dikembangkan agar mampu membaca gambar.")
    assert (tags.audiences, tags.approach) == (["researchers"], "neither")


def test_a_heading_naming_two_groups_gives_each_sentence_its_own():
    assert tagged("Warga diharapkan tidak main hakim sendiri.", heading="Bagi Pemerintah dan Masyarakat").audiences == ["public"]


# Approach ----------------------------------------------------------------------------------


def test_a_law_s_name_is_not_a_measure():
    assert tagged("Berdasarkan UU Perlindungan Anak, pemerintah perlu mengkaji ulang kebijakan.").approach == "neither"
    assert tagged("Pemerintah perlu merevisi UU TPPO dan Undang-Undang Nomor 1 Tahun 2024 tentang Informasi.").approach == "neither"


@pytest.mark.parametrize("text, approach", [
    ("Polisi perlu meningkatkan patroli siber di aplikasi percakapan.", "punitive"),
    ("Pemerintah kota perlu memberlakukan jam malam di kawasan hiburan.", "punitive"),
    ("Satpol PP perlu melakukan penutupan penginapan yang memfasilitasi transaksi.", "punitive"),
    ("Pemerintah perlu membuka pelatihan keterampilan dan penciptaan lapangan kerja.", "harm_reduction"),
    ("Perempuan yang dipulangkan perlu diberi pesangon dan bantuan modal usaha.", "harm_reduction"),
    ("Polisi perlu menindak mucikari dan merujuk korban ke layanan pendampingan.", "mixed"),
])
def test_enforcement_and_support_words(text, approach):
    assert tagged(text).approach == approach


@pytest.mark.parametrize("text", [
    "Penanganan perempuan yang ditawarkan tidak harus melalui jalur pidana.",
    "Penggerebekan di rumah kos harus dihentikan.",
    "Pemberlakuan jam malam bagi remaja sebaiknya tidak diterapkan.",
    "Penyidik jangan mengkriminalisasi perempuan yang dijajakan.",
    "Platforms should not block whole apps.",
])
def test_a_rejected_enforcement_measure_is_harm_reduction(text):
    tags = tagged(text)
    assert tags.approach == "harm_reduction"
    assert any(evidence.negated for evidence in tags.evidence)


def test_a_directive_ends_the_reach_of_an_earlier_negator():
    assert tagged("Mucikari yang tidak memiliki izin harus ditindak tegas.").approach == "punitive"


def test_circumstances_and_reasons_are_not_measures_asked_for():
    assert tagged("Perempuan yang terjaring razia perlu dirujuk ke layanan kesehatan.").approach == "harm_reduction"
    assert tagged("Hentikan pemulangan paksa, karena razia menjauhkan mereka dari layanan.").approach == "harm_reduction"


@pytest.mark.parametrize("text", [
    "Peneliti selanjutnya dapat melakukan pemantauan akurasi model secara berkala.",
    "Orang tua hendaknya mengawasi pergaulan anak-anaknya.",
])
def test_context_decides_whether_watching_is_surveillance(text):
    assert tagged(text).approach == "neither"


def test_a_negated_support_word_still_asks_for_support():
    tags = tagged("Puskesmas perlu membuka layanan malam agar pekerja seks tidak lagi takut memeriksakan diri.")
    assert tags.approach == "harm_reduction"
    assert tagged("Puskesmas sebaiknya tidak lagi mensyaratkan KTP bagi pasien.").approach == "harm_reduction"


def test_the_speaker_s_title_is_not_a_measure():
    text = "Deputi Bidang Perlindungan Khusus Anak, Dr. Ratna Sari, meminta aparat penegak hukum menjatuhkan hukuman maksimal."
    tags = tagged(text)
    assert (tags.audiences, tags.approach) == (["government"], "punitive")


def test_describing_words_before_an_english_subject():
    tags = tagged("Messaging platform providers should offer a clear verification route for health chatbots.")
    assert tags.audiences == ["app_developers"]
    # In Indonesian the word before the group is the head: this is about sex workers' situation.
    assert tagged("Situasi pekerja seks perlu diperhatikan.").needs_review


def test_after_an_asked_actor_s_to_the_others_are_what_it_acts_on():
    tags = tagged("They also called on app companies to let users save evidence of threats.")
    assert (tags.audiences, tags.approach) == (["app_developers"], "harm_reduction")


def test_a_reported_call_keeps_its_elaboration_and_a_new_actor_starts_another():
    text = ("Razia Kos Dikritik\n\n"
            "BANJARMASIN — Razia gabungan di rumah kos pekan lalu menjaring 14 perempuan.\n\n"
            "Koordinator jaringan, Dr. Siti Aminah, meminta Pemerintah Kota Banjarmasin mengubah cara penanganan. "
            "Menurutnya, perempuan yang terjaring semestinya mendapat pendampingan psikologis.\n\n"
            "Ia juga meminta para pekerja seks kembali ke keluarga. Penindakan terhadap mucikari harus tetap berjalan.\n")
    assert found(text) == [("Koordinator jaringan, Dr.", ["government"], "harm_reduction"),
                           ("Ia juga meminta", ["sex_workers"], "neither"),
                           ("Penindakan terhadap mucikari", ["government"], "punitive")]


def test_ordinals_count_the_items_of_a_flattened_list_with_or_without_a_verb():
    text = ("B. Saran Pertama, aparat penegak hukum perlu memperluas patroli siber terhadap jaringan perekrut. "
            "Kedua, anak yang ditemukan dalam penggerebekan harus diperlakukan sebagai korban. "
            "Ketiga, pelatihan keterampilan bagi eks-pekerja seks yang disesuaikan dengan pasar kerja lokal. "
            "DAFTAR PUSTAKA Gultom, M. (2018). Perlindungan Anak. Bandung: Refika.\n")
    assert [words for words, _, _ in found(text)] == ["Pertama, aparat penegak", "Kedua, anak yang", "Ketiga, pelatihan keterampilan"]


@pytest.mark.parametrize("text", [
    "Regional governments must not enact or maintain bylaws that restrict women's movement at night.",
    "End the use of sting operations in which officers pose as clients on apps to arrest adult sex workers.",
    "Tidak menjadikan hasil tes HIV sebagai dasar untuk melaporkan pasien kepada aparat.",
    "Local governments should resist calls to respond to visible sex work near industrial estates with raids.",
])
def test_refusing_a_law_or_practice_reaches_what_it_does(text):
    assert tagged(text).approach == "harm_reduction"


@pytest.mark.parametrize("text", [
    "Tokoh masyarakat hendaknya mengajak warga meninggalkan usaha yang dilarang agama.",
    "Shelters should offer counselling to women arrested in raids on karaoke bars.",
    "Dinas Kesehatan perlu menjangkau perempuan yang ditangkap saat operasi malam.",
])
def test_a_passive_or_participle_describing_people_says_what_happened_to_them(text):
    assert "punitive" not in {evidence.label for evidence in tagged(text).evidence}


def test_a_negator_inside_a_relative_clause_stops_at_its_conjunction():
    tags = tagged("Pengelola aplikasi perlu menandai akun yang belum terverifikasi dan segera memblokir akun penawaran anak.")
    assert tags.approach == "punitive"
    assert not any(evidence.negated for evidence in tags.evidence)


@pytest.mark.parametrize("text, approach", [
    # A user's tool to block or report keeps them safe; the platform blocking accounts enforces.
    ("Aplikasi kencan perlu menyediakan fitur blokir yang mudah ditemukan.", "harm_reduction"),
    ("Apps should offer one-tap blocking of abusive contacts.", "harm_reduction"),
    ("Kominfo perlu memblokir situs yang menawarkan anak.", "punitive"),
    # Tightening an age check still checks age.
    ("Penyedia aplikasi perlu memperketat verifikasi usia saat pendaftaran.", "harm_reduction"),
    # Exempting someone from a measure, or suspending an operation, is a stance against it.
    ("Petugas penjangkau perlu dikecualikan dari jam malam.", "harm_reduction"),
    ("Suspend joint raids in areas where outreach teams work.", "harm_reduction"),
    # Notice before a removal is due process; the removal is its circumstance.
    ("Platforms should notify the account holder before removing a post.", "harm_reduction"),
])
def test_the_longer_phrase_and_the_stance_decide(text, approach):
    assert tagged(text).approach == approach


def test_a_sentence_announcing_a_flattened_list_is_its_lead_in_and_a_title_case_bibliography_ends_it():
    text = ("Temuan menunjukkan layanan masih terbatas. Kesimpulan dan Rekomendasi Layanan bagi korban belum merata. "
            "Karena itu, penulis mengajukan tiga saran. Pertama, Dinas Sosial perlu membuka rumah aman. "
            "Kedua, polisi perlu menindak perekrut. Terakhir, sekolah perlu mengajarkan literasi digital. "
            "Daftar Pustaka Wibowo, A. (2020). Perlindungan Korban. Semarang: Pustaka.\n")
    assert [words for words, _, _ in found(text)] == ["Pertama, Dinas Sosial", "Kedua, polisi perlu", "Terakhir, sekolah perlu"]


@pytest.mark.parametrize("text, approach", [
    # Punishment turned from the women onto those who profit both enforces and spares.
    ("Sanksi pidana hendaknya dijatuhkan kepada germo, bukan kepada perempuan yang dijajakan.", "mixed"),
    ("Prosecutors should pursue the pimps rather than the women they advertise.", "punitive"),
    # "tidak resmi" describes a route; it negates nothing.
    ("Polisi perlu memperketat patroli di pelabuhan tidak resmi.", "punitive"),
    # One negator governs a short list of verbs closed by a conjunction.
    ("Warga diimbau tidak menyimpan, mengedit, atau menyebarkan foto wajah perempuan yang terjaring.", "harm_reduction"),
    # Enforcement named as what data describe is not asked for.
    ("Platforms should publish data on enforcement in each province.", "neither"),
    # After a comma, "including" goes on listing what the negator governs.
    ("Hentikan razia malam di jalan, termasuk penyitaan kondom dari perempuan yang ditemui.", "harm_reduction"),
    ("Stop the evening sweeps of karaoke bars in the old port, including the seizure of phones.", "harm_reduction"),
    # Avoiding a measure, moving its budget elsewhere, or opposing a draft that would bring it.
    ("Hindari penyitaan ponsel perempuan dalam pemeriksaan di jalan.", "harm_reduction"),
    ("Kota perlu mengalihkan anggaran razia malam ke layanan kesehatan bergerak.", "harm_reduction"),
    ("DPRD hendaknya menolak rancangan perda yang memidanakan perempuan di jalan.", "harm_reduction"),
    ("Parliament should oppose any bill that would criminalise the sale of sex.", "harm_reduction"),
    # Ending a practice reaches what it does; a reported argument and a participle describing
    # people name circumstances, not measures.
    ("The social affairs office should end the practice of holding women in shelters against their will.", "harm_reduction"),
    ("Health offices should fund night clinics, arguing that arrests keep women from testing.", "harm_reduction"),
    # A reason clause ends at its comma: what follows is asked again.
    ("An official, who asked not to be named because he was not authorised, said platforms must remove such ads.", "punitive"),
    ("Legal aid groups should be able to visit anyone detained overnight.", "harm_reduction"),
    # A harm named asks for protection from it, unless what is asked is to punish it.
    ("Puskesmas hendaknya melayani waria tanpa diskriminasi.", "harm_reduction"),
    ("Terapkan sanksi pidana bagi petugas yang melakukan kekerasan selama razia.", "punitive"),
    ("Prosecutors should charge the men who commit violence against the women they hire.", "punitive"),
    # Reviewing a law that punishes, or refusing to treat something as grounds for a measure.
    ("The ministry should review every bylaw that penalises women for being out at night.", "harm_reduction"),
    ("Regulators should not treat a keyword match as enough to justify blocking a health account.", "harm_reduction"),
    # Helping investigators and uncovering networks is enforcement.
    ("Platforms should cooperate quickly with lawful requests from investigators.", "punitive"),
    ("Polres perlu membentuk tim khusus agar jaringan perekrut anak dapat diungkap.", "punitive"),
    # Services, documents and livelihoods reduce harm; detention and heavier sentences punish.
    ("Dinas Dukcapil perlu memudahkan pembuatan dokumen kependudukan bagi waria.", "harm_reduction"),
    ("Puskesmas perlu membuka klinik bergerak di kawasan pelabuhan.", "harm_reduction"),
    ("The government should expand vocational training for women leaving sex work.", "harm_reduction"),
    ("Hakim hendaknya memperberat hukuman bagi mucikari yang menjual anak.", "punitive"),
    ("Dinas Sosial perlu menyediakan bimbingan lanjutan bagi perempuan yang keluar dari panti.", "harm_reduction"),
    ("Bank daerah diharapkan membuka kredit usaha berbunga rendah bagi perempuan kepala keluarga.", "harm_reduction"),
    ("Perempuan yang diancam penyebaran foto disarankan segera menghubungi paralegal terdekat.", "harm_reduction"),
    ("Bantuan tunai sebaiknya diberikan tanpa syarat meninggalkan pekerjaan.", "harm_reduction"),
    ("Funders should support peer-led services in every district.", "harm_reduction"),
    ("Platforms should suspend the accounts of known recruiters within a day.", "punitive"),
    ("Komdigi perlu memasukkan situs penyedia jasa seks ke daftar hitam.", "punitive"),
    ("Satpol PP perlu menambah frekuensi operasi ke penginapan kelas melati.", "punitive"),
    ("Revoke the business licences of massage parlours where children are found.", "punitive"),
    ("Bentuk satuan tugas penyamaran daring untuk mengenali perantara.", "punitive"),
    ("Platform perlu mendeteksi sendiri unggahan yang memakai kode terselubung.", "punitive"),
    ("Warga diharapkan menerima kembali alumni balai tanpa cemoohan.", "harm_reduction"),
    ("Their implementation should be monitored by an independent body.", "harm_reduction"),
    ("Penjaringan melalui razia sebaiknya tidak lagi dijadikan jalur utama masuk balai.", "harm_reduction"),
    # Repealing an article is a stance against what it punishes.
    ("Cabut Pasal 12 huruf c Perda Nomor 7 Tahun 2019 tentang Ketertiban Umum.", "harm_reduction"),
    # Refusing how a rule is drafted reaches what it would allow; masking a location hides no one.
    ("The regulations must not be drafted in a way that allows police to use entrapment.", "harm_reduction"),
    ("Aplikasi perlu menyediakan penyamaran lokasi secara bawaan agar pengguna aman.", "harm_reduction"),
    ("Pembentuk undang-undang perlu merumuskan delik khusus bagi pengguna jasa.", "punitive"),
    ("Landlords should check the identity of every tenant.", "punitive"),
    ("Police should return the phones taken from the women.", "harm_reduction"),
    ("Dinas Sosial perlu membuka kursus menjahit dan tata rias bagi eks-penghuni panti.", "harm_reduction"),
    ("District governments should fund evening clinics near the night markets.", "harm_reduction"),
    # What people are protected from is a harm, not a measure asked for.
    ("Aplikasi perlu menyediakan verifikasi dua langkah untuk melindungi pengguna dari pelacakan.", "harm_reduction"),
    ("Platforms should detect and remove prostitution content faster.", "punitive"),
    # "warning that ..." reports speech; it asks for no warning label.
    ("The minister said platforms must answer complaints faster, warning that delays cost lives.", "neither"),
    ("Lawmakers should impose harsher sentences on people who buy sex from children.", "punitive"),
    # Guarding children is protection alone, and part of the enforcement beside a takedown.
    ("Penyedia aplikasi perlu memperketat verifikasi usia pengguna dan segera menutup akun yang menawarkan anak.", "punitive"),
    ("Hasil klasifikasi dapat menjadi bahan pendukung pemblokiran akun mucikari.", "punitive"),
    # A negator after a circumstance word turns the measure itself.
    ("Patroli siber perlu dilanjutkan, tetapi korban tidak boleh ikut dipidana.", "mixed"),
    ("Penutupan wisma sebaiknya tidak lagi disertai pemulangan paksa ke daerah asal.", "harm_reduction"),
    # The commas of a short list do not end the reach of a refusal; one comma before "dan" does.
    ("DPRD hendaknya menolak perda yang menjadikan pakaian, jam pulang, atau status perkawinan sebagai dasar penangkapan.", "harm_reduction"),
    ("Cabut izin usaha tempat hiburan yang mempekerjakan anak, dan proses pidana pengelolanya.", "punitive"),
    # Backing the police, protecting society from prostitution and public order are enforcement talk.
    ("Warga diharapkan mendukung Satpol PP dalam melakukan penertiban.", "punitive"),
    ("The public should support police operations against trafficking networks.", "punitive"),
    ("Pemerintah perlu melindungi masyarakat dari praktik prostitusi dengan menutup lokalisasi.", "punitive"),
    ("Polisi perlu menjaga keamanan dan ketertiban dengan razia rutin.", "punitive"),
    ("Pemerintah perlu mendukung kelompok dukungan sebaya.", "harm_reduction"),
    # A measure called off and named again is the same measure, unless the text turns to another ask.
    ("Police should avoid raids near clinics on testing days, as raids drive people away from care.", "harm_reduction"),
    ("Sanksi bagi pekerja seks perlu dihapus, sedangkan sanksi bagi mucikari tetap dipertahankan.", "mixed"),
    # A measure pointed back to after one was called off is the one called off.
    ("Police should abandon the practice of posing as clients to arrest men; these sting operations push them away from care.", "harm_reduction"),
    ("Prosecutors ought to refrain from bringing pornography charges over private images.", "harm_reduction"),
])
def test_who_is_punished_and_what_a_negator_governs(text, approach):
    assert tagged(text).approach == approach


def test_applying_a_criminal_law_is_enforcement_but_its_name_alone_is_not():
    assert tagged("Jaksa perlu menerapkan UU TPPO terhadap perekrut anak.").approach == "punitive"
    assert tagged("Berdasarkan UU TPPO, pemerintah perlu membuka rumah aman bagi korban.").approach == "harm_reduction"
    assert tagged("Polisi tidak menggunakan UU ITE terhadap perempuan yang diiklankan.").approach != "punitive"
