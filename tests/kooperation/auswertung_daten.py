"""The labelled evaluation set of the similarity (written by hand for issue 17).

49 short Steckbriefe in 14 themed clusters (`thema`): two Steckbriefe are "relevant" to each
other when they share a theme. The set contains near-duplicates across Landkreise (the same
idea in Zwickau and in the Erzgebirge), and pairs that share words but not purpose (a
Wärmenetz and a Unternehmensnetzwerk, battery recycling and training for battery cell
production, "Fachkräfte" in care and in microelectronics, "Schule" for a MINT lab and a
Kita). AGS: 14511 Chemnitz, 14521 Erzgebirgskreis, 14522 Mittelsachsen, 14523 Vogtlandkreis,
14524 Zwickau.

Each entry: id, thema, titel, kurz (Kurzbeschreibung), kern (Kernansatz), zd
(Zieldimensionen), ags, org (Organisation), partner, optional gesucht/angebot."""

C, ERZ, MS, V, Z = "14511", "14521", "14522", "14523", "14524"

STECKBRIEFE = [
    # --- 1. Wasserstoff im Verkehr ------------------------------------------------------------
    dict(
        id=1,
        thema="wasserstoff_verkehr",
        titel="Wasserstoffbusse für den Stadtverkehr Zwickau",
        kurz="Die Verkehrsbetriebe stellen zehn Linienbusse auf Brennstoffzellenantrieb um. "
        "Eine eigene Wasserstofftankstelle am Betriebshof versorgt die Flotte.",
        kern="Beschaffung der Busse, Bau der Tankstelle mit Elektrolyseur, Schulung des "
        "Werkstattpersonals.",
        zd=["HF2.3", "HF2.1"],
        ags=[Z],
        org="Städtische Verkehrsbetriebe Zwickau GmbH",
        partner=["Stadtwerke Zwickau GmbH"],
        gesucht="Hersteller von Elektrolyseuren mit Service in der Region",
    ),
    dict(
        id=2,
        thema="wasserstoff_verkehr",
        titel="H2-Tankstelle für Busse und Lkw im Erzgebirge",
        kurz="Am Autobahnzubringer entsteht eine öffentliche Wasserstofftankstelle für "
        "Linienbusse und den Schwerlastverkehr. Der Wasserstoff kommt aus regionalem Windstrom.",
        kern="Standortplanung, Genehmigung und Bau der Tankstelle; Abnahmeverträge mit "
        "Busunternehmen und Speditionen.",
        zd=["HF2.3", "HF2.1"],
        ags=[ERZ],
        org="Erzgebirgische Energie AG",
        partner=["Regionalverkehr Erzgebirge GmbH"],
    ),
    dict(
        id=3,
        thema="wasserstoff_verkehr",
        titel="Brennstoffzellen-Lkw in der Logistik Südwestsachsen",
        kurz="Speditionen testen Lkw mit Brennstoffzelle im regionalen Lieferverkehr. "
        "Die Tankinfrastruktur wird gemeinsam mit den Verkehrsbetrieben genutzt.",
        kern="Leasing von sechs Wasserstoff-Lkw, Messprogramm zu Verbrauch und Kosten, "
        "Nutzung der Wasserstofftankstellen in Zwickau und im Erzgebirge.",
        zd=["HF2.3"],
        ags=[Z, ERZ],
        org="Logistikverbund Südwestsachsen e.V.",
        partner=["Städtische Verkehrsbetriebe Zwickau"],
    ),
    dict(
        id=4,
        thema="wasserstoff_verkehr",
        titel="Wasserstoff-Linienbusse im Vogtland",
        kurz="Der Zweckverband ÖPNV Vogtland beschafft Brennstoffzellenbusse für die "
        "Überlandlinien. Eine Tankstelle mit Elektrolyseur am Busdepot Plauen versorgt sie.",
        kern="Umstellung von acht Linienbussen auf Wasserstoff, Bau der Tankstelle, "
        "Schulung der Fahrer und der Werkstatt.",
        zd=["HF2.3", "HF2.2"],
        ags=[V],
        org="Zweckverband ÖPNV Vogtland",
    ),
    # --- 2. Wärmenetze -------------------------------------------------------------------------
    dict(
        id=5,
        thema="waermenetz",
        titel="Wärmenetz Zwickau-Nord mit industrieller Abwärme",
        kurz="Die Abwärme eines Gießereibetriebs wird in ein neues Nahwärmenetz für 600 "
        "Wohnungen eingespeist. Das ersetzt Gasheizungen im Quartier.",
        kern="Wärmeübergabestation an der Gießerei, Verlegung von vier Kilometern "
        "Wärmeleitung, Anschluss der Wohnblöcke.",
        zd=["HF5.1", "HF1.2"],
        ags=[Z],
        org="Stadtwerke Zwickau GmbH",
        partner=["Gießerei Zwickau GmbH"],
    ),
    dict(
        id=6,
        thema="waermenetz",
        titel="Nahwärmenetz Annaberg mit Abwärme aus der Industrie",
        kurz="Die Abwärme eines Metallbetriebs speist ein neues Nahwärmenetz für rund 500 "
        "Wohnungen und zwei Schulen. Gasheizungen im Quartier werden ersetzt.",
        kern="Wärmeübergabestation am Werk, Bau der Wärmeleitungen, Anschluss der "
        "Wohngebäude und Schulen.",
        zd=["HF5.1", "HF1.2"],
        ags=[ERZ],
        org="Stadtwerke Annaberg-Buchholz GmbH",
    ),
    dict(
        id=7,
        thema="waermenetz",
        titel="Kommunale Wärmeplanung und Quartierswärme Mittelsachsen",
        kurz="Fünf Gemeinden erstellen gemeinsam ihre Wärmeplanung und bauen ein erstes "
        "Quartierswärmenetz mit Großwärmepumpe und Solarthermie.",
        kern="Wärmekataster, Machbarkeitsstudie, Bau des Wärmenetzes im Pilotquartier.",
        zd=["HF5.1", "HF5.2"],
        ags=[MS],
        org="Landkreis Mittelsachsen",
    ),
    dict(
        id=8,
        thema="waermenetz",
        titel="Abwärmekataster und Wärmeverbund Chemnitz-Süd",
        kurz="Ein Kataster erfasst die Abwärme der Industriebetriebe im Chemnitzer Süden. "
        "Die größten Quellen werden über einen Wärmeverbund an das Fernwärmenetz angeschlossen.",
        kern="Erhebung der Abwärmepotenziale, Planung der Einspeisung ins Wärmenetz, "
        "Verträge mit den Betrieben.",
        zd=["HF5.1", "HF1.2"],
        ags=[C],
        org="Energieagentur Chemnitz",
    ),
    # --- 3. Internationale Fachkräfte ----------------------------------------------------------
    dict(
        id=9,
        thema="fachkraefte_international",
        titel="Welcome Center für internationale Fachkräfte Chemnitz",
        kurz="Eine Anlaufstelle begleitet internationale Fachkräfte und ihre Familien beim "
        "Ankommen: Behördengänge, Wohnungssuche, Sprachkurse.",
        kern="Beratungsbüro mit mehrsprachigem Team, digitale Lotsenplattform, Patenschaften "
        "mit Unternehmen.",
        zd=["HF4.4"],
        ags=[C],
        org="Stadt Chemnitz",
        partner=["IHK Chemnitz"],
        angebot="Beratung internationaler Fachkräfte, Sprachkurse, Lotsen",
    ),
    dict(
        id=10,
        thema="fachkraefte_international",
        titel="Onboarding ausländischer Fachkräfte im Vogtland",
        kurz="Betriebe im Vogtland gewinnen Fachkräfte aus dem Ausland. Ein Onboarding-Programm "
        "hilft bei Anerkennung, Sprache und Wohnung.",
        kern="Lotsen für Anerkennungsverfahren, Sprachkurse im Betrieb, Willkommensnetzwerk "
        "der Gemeinden.",
        zd=["HF4.4"],
        ags=[V],
        org="Wirtschaftsförderung Vogtland",
        gesucht="Träger mit Erfahrung in Sprachkursen und Beratung internationaler Fachkräfte",
    ),
    dict(
        id=11,
        thema="fachkraefte_international",
        titel="Willkommenskultur für Arbeitskräfte aus dem Ausland im Erzgebirge",
        kurz="Zugewanderte Arbeitskräfte und ihre Familien sollen im Erzgebirge bleiben. "
        "Ein Netz aus Lotsen und Vereinen erleichtert das Ankommen.",
        kern="Ehrenamtliche Lotsen, Sprachcafés, Beratung zu Anerkennung und Aufenthalt.",
        zd=["HF4.4", "HF5.2"],
        ags=[ERZ],
        org="Landkreis Erzgebirgskreis",
    ),
    dict(
        id=12,
        thema="fachkraefte_international",
        titel="Internationale Azubis für das Handwerk",
        kurz="Handwerksbetriebe gewinnen Auszubildende aus dem Ausland. Sprachförderung und "
        "Wohnheimplätze sichern den Ausbildungserfolg.",
        kern="Anwerbung in Partnerländern, Sprachkurse vor und während der Ausbildung, "
        "Begleitung im Betrieb.",
        zd=["HF4.4", "HF4.3"],
        ags=[C, Z, MS],
        org="Handwerkskammer Chemnitz",
    ),
    # --- 4. Batterierecycling ------------------------------------------------------------------
    dict(
        id=13,
        thema="batterierecycling",
        titel="Recycling von Traktionsbatterien in Zwickau",
        kurz="Eine Pilotanlage gewinnt Lithium, Nickel und Kobalt aus ausgedienten "
        "Fahrzeugbatterien zurück. Die Rohstoffe gehen an regionale Zellhersteller.",
        kern="Demontage der Batteriemodule, mechanische Aufbereitung, hydrometallurgische "
        "Rückgewinnung in der Pilotanlage.",
        zd=["HF1.2", "HF1.4"],
        ags=[Z],
        org="Sächsische Recycling GmbH",
        partner=["TU Bergakademie Freiberg"],
    ),
    dict(
        id=14,
        thema="batterierecycling",
        titel="Kreislaufwirtschaft für Lithium-Ionen-Batterien",
        kurz="Forschung und Unternehmen entwickeln Verfahren, um Batteriematerialien aus "
        "alten Akkus zurückzugewinnen und wieder einzusetzen.",
        kern="Laborversuche zur Rückgewinnung von Lithium, Bewertung der Wirtschaftlichkeit, "
        "Übertragung auf eine Pilotanlage.",
        zd=["HF1.2", "HF3.4"],
        ags=[MS],
        org="TU Bergakademie Freiberg",
        angebot="Labor für Rückgewinnung von Lithium und Batteriematerialien",
    ),
    dict(
        id=15,
        thema="batterierecycling",
        titel="Second Life für Fahrzeugbatterien als Stromspeicher",
        kurz="Gebrauchte Batterien aus Elektroautos werden geprüft und als stationäre "
        "Speicher für Gewerbebetriebe weiterverwendet, bevor sie ins Recycling gehen.",
        kern="Prüfstand für Altbatterien, Bau von Speichersystemen, Rücknahme zum Recycling.",
        zd=["HF1.2", "HF2.1"],
        ags=[C],
        org="Chemnitzer Speichertechnik GmbH",
        gesucht="Recyclingbetrieb für die Rücknahme der Batterien",
    ),
    dict(
        id=16,
        thema="batterierecycling",
        titel="Rückgewinnung von Rohstoffen aus Altbatterien im Erzgebirge",
        kurz="Ein Hüttenbetrieb im Erzgebirge erweitert seine Anlagen um die Rückgewinnung "
        "von Nickel und Kobalt aus Batterien.",
        kern="Umbau der Schmelzanlage, Aufbereitung der Batteriemasse, Zertifizierung.",
        zd=["HF1.2"],
        ags=[ERZ],
        org="Erzgebirgische Hütte AG",
        angebot="Recycling und Rücknahme von Altbatterien",
    ),
    # --- 5. Brachflächen zu Gewerbeflächen -----------------------------------------------------
    dict(
        id=17,
        thema="brachen",
        titel="Revitalisierung der Industriebrache Spinnerei Flöha",
        kurz="Die Brache einer ehemaligen Spinnerei wird saniert und als Gewerbefläche für "
        "Ansiedlungen vorbereitet.",
        kern="Abriss, Entsiegelung und Altlastensanierung, Erschließung mit Straßen und "
        "Medien, Vermarktung.",
        zd=["HF2.4"],
        ags=[MS],
        org="Stadt Flöha",
    ),
    dict(
        id=18,
        thema="brachen",
        titel="Gewerbeflächen auf dem ehemaligen Bergbaugelände Oelsnitz",
        kurz="Das Gelände eines stillgelegten Schachts wird von Altlasten befreit und als "
        "Gewerbegebiet erschlossen.",
        kern="Altlastenerkundung, Sanierung, Erschließung und Ansiedlungsmarketing.",
        zd=["HF2.4"],
        ags=[ERZ],
        org="Gemeinde Oelsnitz/Erzgeb.",
    ),
    dict(
        id=19,
        thema="brachen",
        titel="Flächenpool für Ansiedlungen in der Region",
        kurz="Die Landkreise bündeln brachliegende Industrieflächen in einem gemeinsamen Pool "
        "und bereiten sie für Ansiedlungen vor.",
        kern="Erfassung der Brachen, Sanierungsfonds, gemeinsame Vermarktung der Flächen.",
        zd=["HF2.4", "HF1.4"],
        ags=[C, ERZ, MS, V, Z],
        org="Wirtschaftsregion Chemnitz-Zwickau",
    ),
    dict(
        id=20,
        thema="brachen",
        titel="Sanierung der Textilbrache Crimmitschau für Gewerbe",
        kurz="Eine leerstehende Tuchfabrik wird saniert; auf der Fläche entstehen Hallen "
        "für kleine und mittlere Betriebe.",
        kern="Rückbau, Altlastensanierung, Erschließung, Bau von Gewerbehallen.",
        zd=["HF2.4"],
        ags=[Z],
        org="Stadt Crimmitschau",
    ),
    # --- 6. MINT-Bildung -----------------------------------------------------------------------
    dict(
        id=21,
        thema="mint",
        titel="Schülerlabor Technik und Naturwissenschaften Zwickau",
        kurz="Ein Schülerlabor an der Hochschule lässt Schülerinnen und Schüler selbst "
        "experimentieren: Robotik, Elektronik, Chemie.",
        kern="Einrichtung des Labors, Kurse für Schulklassen, Ferienangebote, Fortbildung "
        "der Lehrkräfte.",
        zd=["HF4.1"],
        ags=[Z],
        org="Westsächsische Hochschule Zwickau",
        angebot="Schülerlabor, Kurse für Schulklassen in Robotik und Elektronik",
    ),
    dict(
        id=22,
        thema="mint",
        titel="Makerspace für Jugendliche im Erzgebirge",
        kurz="In einer offenen Werkstatt bauen Jugendliche mit 3D-Druckern, Lasercuttern "
        "und Mikrocontrollern eigene Projekte.",
        kern="Ausstattung der Werkstatt, Kurse mit Schulen, Technik-Wettbewerbe.",
        zd=["HF4.1", "HF3.2"],
        ags=[ERZ],
        org="Jugendwerk Erzgebirge e.V.",
        gesucht="Hochschule mit Kursen für Schulklassen in Robotik",
    ),
    dict(
        id=23,
        thema="mint",
        titel="MINT-Mobil für Grundschulen im ländlichen Raum",
        kurz="Ein ausgebauter Transporter bringt Experimente zu Naturwissenschaften und "
        "Technik an Grundschulen im Vogtland.",
        kern="Umbau des Fahrzeugs, Experimentierkisten, Besuche an 40 Schulen im Jahr.",
        zd=["HF4.1"],
        ags=[V],
        org="Bildungswerk Vogtland",
    ),
    dict(
        id=24,
        thema="mint",
        titel="Robotik-AG und Technikwettbewerb an Chemnitzer Schulen",
        kurz="Schülerinnen und Schüler bauen in Arbeitsgemeinschaften Roboter und treten in "
        "einem regionalen Wettbewerb an.",
        kern="Robotik-Bausätze für 20 Schulen, Schulung der Lehrkräfte, jährlicher Wettbewerb.",
        zd=["HF4.1"],
        ags=[C],
        org="Technische Universität Chemnitz",
    ),
    # --- 7. Gründungen -------------------------------------------------------------------------
    dict(
        id=25,
        thema="gruendung",
        titel="Gründerzentrum für technologieorientierte Start-ups Chemnitz",
        kurz="Ein Inkubator bietet Start-ups aus der Hochschule Räume, Coaching und Kontakte "
        "zu Investoren.",
        kern="Umbau eines Gebäudes, Inkubationsprogramm, Mentoren aus der Industrie.",
        zd=["HF3.2"],
        ags=[C],
        org="Technische Universität Chemnitz",
    ),
    dict(
        id=26,
        thema="gruendung",
        titel="Start-up-Inkubator Zwickau",
        kurz="Gründungsteams erhalten im Inkubator Büros, Werkstatt und ein "
        "Coaching-Programm. Ein Netzwerk aus Unternehmen begleitet sie.",
        kern="Inkubationsprogramm über zwölf Monate, Demo Day mit Investoren.",
        zd=["HF3.2"],
        ags=[Z],
        org="Westsächsische Hochschule Zwickau",
    ),
    dict(
        id=27,
        thema="gruendung",
        titel="Gründungsstipendien und Coaching im ländlichen Raum",
        kurz="Junge Gründerinnen und Gründer im Erzgebirge und Vogtland erhalten Stipendien "
        "und Coaching für ihre Geschäftsidee.",
        kern="Wettbewerb um 20 Stipendien, Coaching, Vernetzung mit Investoren.",
        zd=["HF3.2"],
        ags=[ERZ, V],
        org="Gründernetz Südwestsachsen e.V.",
    ),
    # --- 8. Glasfaser und Mobilfunk ------------------------------------------------------------
    dict(
        id=28,
        thema="glasfaser",
        titel="Glasfaser für Gewerbegebiete im Landkreis Zwickau",
        kurz="Zwölf Gewerbegebiete ohne schnelles Internet erhalten einen Glasfaseranschluss "
        "bis in jeden Betrieb.",
        kern="Planung der Trassen, Tiefbau, Anschluss der Betriebe an das Glasfasernetz.",
        zd=["HF2.1", "HF5.3"],
        ags=[Z],
        org="Landkreis Zwickau",
    ),
    dict(
        id=29,
        thema="glasfaser",
        titel="Breitbandausbau in den weißen Flecken des Vogtlands",
        kurz="Gemeinden ohne Breitband werden mit Glasfaser erschlossen, zuerst Schulen und "
        "Gewerbebetriebe.",
        kern="Markterkundung, Ausschreibung, Tiefbau und Anschluss.",
        zd=["HF2.1", "HF5.3"],
        ags=[V],
        org="Vogtlandkreis",
    ),
    dict(
        id=30,
        thema="glasfaser",
        titel="5G-Campusnetz und Mobilfunk für Industriegebiete",
        kurz="Ein Campusnetz mit 5G versorgt ein Industriegebiet in Mittelsachsen mit "
        "schnellem Mobilfunk für vernetzte Produktion.",
        kern="Aufbau der Funkmasten, Anbindung an Glasfaser, Pilotanwendungen in Betrieben.",
        zd=["HF2.1", "HF1.1"],
        ags=[MS],
        org="Landkreis Mittelsachsen",
    ),
    # --- 9. Telemedizin ------------------------------------------------------------------------
    dict(
        id=31,
        thema="telemedizin",
        titel="Telemedizin für Hausarztpraxen im Erzgebirge",
        kurz="Hausarztpraxen im ländlichen Raum erhalten Videosprechstunden und "
        "Telemonitoring für chronisch Kranke.",
        kern="Technikausstattung der Praxen, Schulung der Praxisteams, Anbindung an das Klinikum.",
        zd=["HF5.1", "HF5.3"],
        ags=[ERZ],
        org="Klinikum Erzgebirge gGmbH",
    ),
    dict(
        id=32,
        thema="telemedizin",
        titel="Videosprechstunde und Gemeindeschwester im Vogtland",
        kurz="Speziell geschulte Pflegekräfte besuchen Patientinnen und Patienten zu Hause "
        "und holen per Video die Hausärztin dazu.",
        kern="Ausbildung von Gemeindeschwestern, Tablets mit Telemedizin-Software, "
        "Abstimmung mit Praxen.",
        zd=["HF5.1"],
        ags=[V],
        org="Vogtlandkreis",
    ),
    dict(
        id=33,
        thema="telemedizin",
        titel="Telemedizinisches Netzwerk der Krankenhäuser Südwestsachsen",
        kurz="Kleinere Krankenhäuser holen per Telemedizin Fachärzte des Klinikums Chemnitz "
        "zu Schlaganfällen und Intensivpatienten hinzu.",
        kern="Telekonsil-Plattform, Ausstattung der Stationen, Bereitschaftsdienst.",
        zd=["HF5.1", "HF5.3"],
        ags=[C, ERZ, MS],
        org="Klinikum Chemnitz gGmbH",
        partner=["Klinikum Erzgebirge"],
    ),
    # --- 10. Textiler Leichtbau ----------------------------------------------------------------
    dict(
        id=34,
        thema="leichtbau",
        titel="Textiler Leichtbau für Fahrzeugkarosserien",
        kurz="Faserverbundbauteile aus technischen Textilien ersetzen Stahl in "
        "Karosserieteilen und sparen Gewicht.",
        kern="Entwicklung von Preforms, Prüfung der Bauteile, Übertragung in die "
        "Serienfertigung der Zulieferer.",
        zd=["HF1.4", "HF3.4"],
        ags=[C],
        org="Sächsisches Textilforschungsinstitut e.V.",
        angebot="Forschung zu technischen Textilien und Faserverbund",
    ),
    dict(
        id=35,
        thema="leichtbau",
        titel="Faserverbund-Leichtbau für Zulieferer im Vogtland",
        kurz="Vogtländische Textilbetriebe entwickeln mit Zulieferern leichte "
        "Faserverbundbauteile für Fahrzeuge und Maschinen.",
        kern="Gemeinsame Entwicklungsprojekte, Pilotfertigung, Prüfzentrum für Bauteile.",
        zd=["HF1.4", "HF3.3"],
        ags=[V],
        org="Textilverband Vogtland e.V.",
        gesucht="Forschungsinstitut für technische Textilien und Faserverbund",
    ),
    dict(
        id=36,
        thema="leichtbau",
        titel="Recyclingfähige Leichtbauteile aus Naturfasern",
        kurz="Aus Flachs- und Hanffasern entstehen leichte Bauteile für Fahrzeuginnenräume, "
        "die sich am Ende wiederverwerten lassen.",
        kern="Materialentwicklung, Prototypen mit Zulieferern, Prüfung der Recyclingfähigkeit.",
        zd=["HF1.4", "HF1.2"],
        ags=[C, Z],
        org="Institut für Leichtbau Chemnitz",
    ),
    # --- 11. Weiterbildung in der Transformation -----------------------------------------------
    dict(
        id=37,
        thema="weiterbildung",
        titel="Weiterbildungsverbund Automobilzulieferer",
        kurz="Beschäftigte von Zulieferern lernen in Modulen, was die Elektromobilität von "
        "ihnen verlangt. Betriebe teilen sich Trainer und Lernorte.",
        kern="Bedarfsanalyse in 30 Betrieben, modulare Kurse, Freistellung mit Lohnersatz.",
        zd=["HF4.2"],
        ags=[Z, C],
        org="Weiterbildungsverbund Südwestsachsen e.V.",
        partner=["IG Metall Zwickau"],
    ),
    dict(
        id=38,
        thema="weiterbildung",
        titel="Qualifizierung für die Batteriezellfertigung",
        kurz="Beschäftigte aus der Verbrennertechnik werden für die Arbeit in der "
        "Batteriezellfertigung umgeschult.",
        kern="Kurse zu Elektrochemie und Reinraum, Praxisphasen in der Zellfertigung, Zertifikat.",
        zd=["HF4.2"],
        ags=[Z],
        org="Bildungszentrum Zwickau",
    ),
    dict(
        id=39,
        thema="weiterbildung",
        titel="Transformationslotsen in kleinen Betrieben",
        kurz="Lotsen beraten kleine Zulieferbetriebe, wie sie ihre Beschäftigten für neue "
        "Produkte weiterbilden können.",
        kern="Qualifizierungsberatung, Weiterbildungspläne für Beschäftigte, Vermittlung "
        "von Kursen.",
        zd=["HF4.2"],
        ags=[ERZ, MS],
        org="Transformationsnetzwerk Erzgebirge",
    ),
    dict(
        id=40,
        thema="weiterbildung",
        titel="Umschulung von Beschäftigten der Zulieferindustrie im Vogtland",
        kurz="Beschäftigte, deren Arbeitsplätze in der Zulieferindustrie wegfallen, werden "
        "in Weiterbildungskursen für neue Tätigkeiten qualifiziert.",
        kern="Kurse in Modulen, Praktika in Betrieben, Vermittlung.",
        zd=["HF4.2"],
        ags=[V],
        org="Bildungswerk Vogtland",
    ),
    # --- 12. Radverkehr ------------------------------------------------------------------------
    dict(
        id=41,
        thema="radverkehr",
        titel="Radschnellweg Zwickau–Werdau",
        kurz="Eine Radverbindung für Pendler verbindet Zwickau und Werdau auf einer alten "
        "Bahntrasse, beleuchtet und winterfest.",
        kern="Planung, Bau von elf Kilometern Radweg, Fahrradstationen an den Bahnhöfen.",
        zd=["HF2.2"],
        ags=[Z],
        org="Stadt Werdau",
    ),
    dict(
        id=42,
        thema="radverkehr",
        titel="Radverkehrsnetz Chemnitz und Umland",
        kurz="Lücken im Radwegenetz zwischen Chemnitz und den Nachbargemeinden werden "
        "geschlossen, damit Pendler mit dem Fahrrad fahren.",
        kern="Bau von Radwegen, sichere Abstellanlagen, Beschilderung.",
        zd=["HF2.2"],
        ags=[C, MS],
        org="Stadt Chemnitz",
    ),
    dict(
        id=43,
        thema="radverkehr",
        titel="Bahntrassenradweg im Erzgebirge für Alltag und Tourismus",
        kurz="Auf einer stillgelegten Bahnstrecke entsteht ein Radweg, der Orte verbindet "
        "und Radtouristen anzieht.",
        kern="Umbau der Trasse, Brückensanierung, Rastplätze.",
        zd=["HF2.2", "HF5.2"],
        ags=[ERZ],
        org="Landkreis Erzgebirgskreis",
    ),
    # --- 13. Kinderbetreuung -------------------------------------------------------------------
    dict(
        id=44,
        thema="kinderbetreuung",
        titel="Kita mit Betreuung im Schichtdienst",
        kurz="Eine Betriebskita betreut Kinder auch früh, spät und am Wochenende, damit "
        "Eltern im Schichtbetrieb arbeiten können.",
        kern="Bau der Kita im Gewerbegebiet, erweiterte Öffnungszeiten, Beteiligung der "
        "Unternehmen.",
        zd=["HF5.4"],
        ags=[Z],
        org="Kinderhaus Zwickau gGmbH",
    ),
    dict(
        id=45,
        thema="kinderbetreuung",
        titel="Flexible Kinderbetreuung für Familien in Mittelsachsen",
        kurz="Tagespflege und Kitas bieten Randzeiten an, Familien mit Schichtarbeit "
        "erhalten verlässliche Kinderbetreuung.",
        kern="Qualifizierung von Tagespflegepersonen, Randzeitenbetreuung, Vermittlungsportal.",
        zd=["HF5.4"],
        ags=[MS],
        org="Landkreis Mittelsachsen",
    ),
    dict(
        id=46,
        thema="kinderbetreuung",
        titel="Familienzentrum und Ferienbetreuung Vogtland",
        kurz="Familien erhalten Beratung und Ferienbetreuung für Schulkinder, damit Eltern "
        "Beruf und Familie vereinbaren können.",
        kern="Familienzentrum in Plauen, Ferienprogramme, Kooperation mit Arbeitgebern.",
        zd=["HF5.4"],
        ags=[V],
        org="Stadt Plauen",
    ),
    # --- 14. KI im Mittelstand -----------------------------------------------------------------
    dict(
        id=47,
        thema="ki_mittelstand",
        titel="KI-Transferzentrum für den Mittelstand",
        kurz="Mittelständische Betriebe erproben mit Forschern Anwendungen künstlicher "
        "Intelligenz in Produktion und Qualitätsprüfung.",
        kern="Machbarkeitsprojekte, Demonstratoren, Schulungen für Beschäftigte.",
        zd=["HF1.1", "HF3.4"],
        ags=[C],
        org="Technische Universität Chemnitz",
        angebot="Forschung zu künstlicher Intelligenz, Demonstratoren, Schulungen",
    ),
    dict(
        id=48,
        thema="ki_mittelstand",
        titel="Datenanalyse und KI in der Qualitätsprüfung",
        kurz="Kamerasysteme und KI erkennen Fehler an Bauteilen; kleine Zulieferer testen "
        "das in ihrer Fertigung.",
        kern="Datenerfassung, Training der Modelle, Pilotbetrieb in drei Werken.",
        zd=["HF1.1"],
        ags=[Z],
        org="Digitalagentur Zwickau GmbH",
        gesucht="Forschungspartner für künstliche Intelligenz",
    ),
    dict(
        id=49,
        thema="ki_mittelstand",
        titel="Digitalisierungslotsen für kleine Industriebetriebe",
        kurz="Lotsen helfen kleinen Betrieben, Produktion und Verwaltung zu digitalisieren und "
        "erste KI-Anwendungen einzusetzen.",
        kern="Digitalisierungscheck, Umsetzungsbegleitung, Erfahrungsaustausch.",
        zd=["HF1.1"],
        ags=[ERZ, V],
        org="Industrie- und Handelskammer Chemnitz",
    ),
]

# Pairs that share words but not purpose (checked in the tests: neither is the other's
# first neighbour).
FALLEN = [
    (5, 33),  # Wärmenetz / telemedizinisches Netzwerk
    (13, 38),  # Batterierecycling / Qualifizierung für die Batteriezellfertigung
    (21, 44),  # Schülerlabor / Kita
]


# Ideas of the Ideenwettbewerb (written by hand like the Steckbriefe above), each in one of
# the themes: relevant to an idea are the Steckbriefe of its theme. Product ideas in the
# words of founders and researchers, not of project applications. Entry: id (apart from the
# Steckbriefe'), thema, titel, kernsatz, problem, loesung, ags (the idea's one
# Gebietskörperschaft or None).
IDEEN = [
    dict(
        id=101,
        thema="batterierecycling",
        titel="Roboter zerlegt Altbatterien sicher",
        kernsatz="Ein Roboter zerlegt gebrauchte Batteriepacks aus Elektroautos automatisch in "
        "Module und Zellen.",
        problem="Das Zerlegen der Batterien ist Handarbeit unter Hochspannung; die Recycler "
        "finden kein Personal und die Rohstoffe Lithium und Kobalt bleiben ungenutzt.",
        loesung="Bildverarbeitung erkennt Schrauben und Stecker, der Roboter löst sie; die "
        "Zellen gehen sortenrein ins Recycling oder in ein zweites Leben als Speicher.",
        ags=Z,
    ),
    dict(
        id=102,
        thema="telemedizin",
        titel="Sprechstunden-App für Landarztpraxen",
        kernsatz="Patientinnen im ländlichen Raum sprechen per Video mit ihrer Hausarztpraxis, "
        "Vitalwerte kommen aus dem Wohnzimmer.",
        problem="Hausärzte im Erzgebirge finden keine Nachfolge, Wege zur Praxis sind lang.",
        loesung="Eine App verbindet Videosprechstunde, Messgeräte für Blutdruck und Zucker und "
        "die Praxissoftware; eine Gemeindeschwester hilft vor Ort.",
        ags=ERZ,
    ),
    dict(
        id=103,
        thema="leichtbau",
        titel="Gewebte Karosserieteile aus Naturfasern",
        kernsatz="Aus Flachs gewebte Preforms ersetzen Glasfaser in Faserverbund-Bauteilen für "
        "Fahrzeuge.",
        problem="Leichtbauteile aus Glas- und Kohlefaser sind kaum recyclingfähig.",
        loesung="Eine Webtechnik für Naturfasern mit Bioharz; die Bauteile sind leicht, "
        "steif und am Ende kompostierbar oder wiederverwertbar.",
        ags=V,
    ),
    dict(
        id=104,
        thema="ki_mittelstand",
        titel="Kamera mit KI prüft Gussteile",
        kernsatz="Eine lernende Kamera erkennt Fehler an Gussteilen schneller als das Auge.",
        problem="Kleine Gießereien prüfen von Hand; Fehler fallen erst beim Kunden auf.",
        loesung="Ein Kamerasystem mit künstlicher Intelligenz, das ohne Datenwissenschaftler "
        "im Betrieb angelernt wird und die Qualitätsprüfung dokumentiert.",
        ags=C,
    ),
    dict(
        id=105,
        thema="mint",
        titel="Technikbaukasten für Grundschulen",
        kernsatz="Ein Baukasten mit Sensoren und Motoren bringt Technik und Programmieren in "
        "jede Grundschulklasse.",
        problem="Grundschulen auf dem Land haben weder Labor noch Technikunterricht.",
        loesung="Kisten zum Ausleihen mit Unterrichtsideen, einem MINT-Mobil als Lieferdienst "
        "und einem Wettbewerb der Schulen.",
        ags=MS,
    ),
    dict(
        id=106,
        thema="wasserstoff_verkehr",
        titel="Mobiler Wasserstoff-Tankcontainer",
        kernsatz="Ein Container bringt Wasserstoff dorthin, wo Busse und Lkw ihn brauchen, "
        "bevor sich eine feste Tankstelle lohnt.",
        problem="Betriebe wollen Brennstoffzellen-Fahrzeuge testen, aber die nächste "
        "Wasserstofftankstelle ist weit weg.",
        loesung="Ein transportabler Tankcontainer mit Verdichter, gemietet für die Testphase "
        "der Flotte.",
        ags=ERZ,
    ),
    dict(
        id=107,
        thema="waermenetz",
        titel="Abwärme-Modul für Nahwärmenetze",
        kernsatz="Ein steckbares Modul speist die Abwärme kleiner Betriebe in ein Nahwärmenetz "
        "ein.",
        problem="Die Abwärme von Bäckereien und Werkstätten geht verloren, Wärmenetze fehlt "
        "günstige Wärme.",
        loesung="Wärmetauscher und Wärmepumpe in einem Gehäuse, mit Zähler und Abrechnung "
        "für den Betreiber des Wärmenetzes.",
        ags=Z,
    ),
]
