"""Bilingual sentence templates the offline planner fills with a profile's facts.

The method itself (roles, models, phases, KPIs, skills) lives in the knowledge base; these are
only the planner's own sentences: why a rule fired and how it applies to this company.
"""

from __future__ import annotations

from ..profile import Language

PHRASES: dict[str, dict[str, str]] = {
    # size bands
    "band_micro": {"en": "a micro company, {n} people", "pl": "mikrofirma, {n} osób"},
    "band_small": {"en": "a small company, {n} people", "pl": "mała firma, {n} osób"},
    "band_mid": {"en": "a mid-size company, {n} people", "pl": "średnia firma, {n} osób"},
    "band_large": {"en": "a large organisation, {n} people", "pl": "duża organizacja, {n} osób"},
    "band_enterprise": {"en": "an enterprise, {n} people", "pl": "korporacja, {n} osób"},
    # challenge detection
    "challenge_found": {"en": "the challenge text mentions: {words}",
                        "pl": "opis wyzwania wspomina: {words}"},
    "challenge_default": {
        "en": "no specific challenge recognised in the text; the method names silos the biggest barrier",
        "pl": "w opisie nie rozpoznano konkretnego wyzwania; metoda wskazuje silosy jako największą barierę"},
    # operating model reasons
    "om_small": {
        "en": "At {n} people one dedicated team can own omnichannel end to end: decisions stay fast and uniform.",
        "pl": "Przy {n} osobach jeden dedykowany zespół może prowadzić omnichannel od początku do końca: decyzje są szybkie i jednolite."},
    "om_table_central": {
        "en": "The method's table recommends the centralized model for organisations ready for change and mid-size companies.",
        "pl": "Tabela metody wskazuje model scentralizowany dla organizacji gotowych na zmianę i średnich firm."},
    "om_few_channels": {
        "en": "{k} channel(s) can be coordinated from one place without losing channel expertise.",
        "pl": "{k} kanał(y) da się koordynować z jednego miejsca bez utraty wiedzy kanałowej."},
    "om_one_budget": {
        "en": "A shared omnichannel budget removes the budget fights between channels at this size.",
        "pl": "Wspólny budżet omnichannel przy tej skali usuwa walkę o środki między kanałami."},
    "om_mid_many_channels": {
        "en": "With {k} channels including physical stores, channel expertise must stay in the departments.",
        "pl": "Przy {k} kanałach, w tym sklepach stacjonarnych, wiedza kanałowa musi zostać w działach."},
    "om_entrenched": {
        "en": "At {n} people the departments are established; the table fits decentralization to such structures, but its risk is a return to silos — exactly the stated problem ({challenge}).",
        "pl": "Przy {n} osobach działy są utrwalone; tabela przypisuje takim strukturom decentralizację, ale jej ryzykiem jest powrót do silosów — dokładnie wskazany problem ({challenge})."},
    "om_hybrid_best": {
        "en": "The hybrid model gives a central strategic team that sets direction and standards while departments execute under shared KPIs; the method calls it the best in practice.",
        "pl": "Model hybrydowy daje centralny zespół strategiczny wyznaczający kierunek i standardy, a działy realizują pod wspólnymi KPI; metoda uznaje go za najlepszy w praktyce."},
    "om_large_default": {
        "en": "At {n} people a single central team cannot absorb {k} channels' operations; strategy is central, execution stays in departments.",
        "pl": "Przy {n} osobach jeden zespół centralny nie przejmie operacji {k} kanałów; strategia jest centralna, realizacja zostaje w działach."},
    "om_autonomy": {
        "en": "The profile signals autonomous units ({words}); the table fits the decentralized model to large organisations with established structures.",
        "pl": "Profil wskazuje autonomiczne jednostki ({words}); tabela przypisuje model zdecentralizowany dużym organizacjom z utrwalonymi strukturami."},
    "om_steering": {
        "en": "A steering committee with shared KPIs counters the model's known risk: drifting back into silos.",
        "pl": "Komitet sterujący ze wspólnymi KPI przeciwdziała znanemu ryzyku modelu: powrotowi do silosów."},
    "om_forced": {"en": "Chosen by the user for this scenario.", "pl": "Wybrany przez użytkownika dla tego scenariusza."},
    "om_forced_note": {
        "en": "The rules alone would have chosen {model}.",
        "pl": "Same reguły wybrałyby model: {model}."},
    "coordination_centralized": {
        "en": "Weekly team stand-up, monthly review with channel owners, quarterly planning workshop with all departments.",
        "pl": "Cotygodniowe spotkanie zespołu, comiesięczny przegląd z właścicielami kanałów, kwartalne warsztaty planistyczne ze wszystkimi działami."},
    "coordination_hybrid": {
        "en": "Central team sets standards; department coordinators meet bi-weekly; the steering committee decides monthly on business cases; quarterly planning workshop.",
        "pl": "Zespół centralny ustala standardy; koordynatorzy działów spotykają się co dwa tygodnie; komitet sterujący co miesiąc decyduje o business case'ach; kwartalne warsztaty planistyczne."},
    "coordination_decentralized": {
        "en": "Coordinators in every department, a monthly steering committee and shared dashboards; quarterly planning workshop.",
        "pl": "Koordynatorzy w każdym dziale, comiesięczny komitet sterujący i wspólne dashboardy; kwartalne warsztaty planistyczne."},
    # role reasons
    "why_manager": {
        "en": "Someone must own the cross-channel strategy and report to the board to overcome departmental resistance.",
        "pl": "Ktoś musi odpowiadać za strategię międzykanałową i raportować do zarządu, by przełamać opór działów."},
    "why_manager_small": {
        "en": "At {n} people this is a share of an existing leader's time, with a direct line to the owner.",
        "pl": "Przy {n} osobach to część czasu obecnego lidera, z bezpośrednią linią do właściciela."},
    "why_po": {
        "en": "With {k} channels, one owner of the whole customer experience prevents channel conflicts.",
        "pl": "Przy {k} kanałach jeden właściciel całego doświadczenia klienta zapobiega konfliktom kanałów."},
    "why_cx": {
        "en": "Maps journeys across {channels} and finds the friction points between them.",
        "pl": "Mapuje ścieżki klientów w kanałach: {channels} i znajduje punkty tarcia między nimi."},
    "why_data": {
        "en": "Joins data from {k} channel(s) into shared dashboards: without it the team works in the dark.",
        "pl": "Łączy dane z {k} kanału(ów) we wspólne dashboardy: bez tego zespół działa po omacku."},
    "why_data_challenge": {
        "en": "Your stated challenge ({challenge}) is a data problem first: extra analyst capacity is planned.",
        "pl": "Wskazane wyzwanie ({challenge}) to najpierw problem danych: zaplanowano dodatkowe zasoby analityczne."},
    "why_tech": {
        "en": "Bridges business and IT so that CRM, ERP, e-commerce and POS systems exchange data.",
        "pl": "Łączy biznes z IT, aby systemy CRM, ERP, e-commerce i POS wymieniały dane."},
    "why_tech_many": {
        "en": "{k} channels mean many integrations: a second integration specialist is planned.",
        "pl": "{k} kanałów to wiele integracji: zaplanowano drugiego specjalistę ds. integracji."},
    "why_marketing": {
        "en": "Turns shared data into consistent, personalised campaigns across channels.",
        "pl": "Zamienia wspólne dane w spójne, spersonalizowane kampanie we wszystkich kanałach."},
    "why_channel": {
        "en": "Brings {channel} expertise into team decisions, judged by the whole customer experience.",
        "pl": "Wnosi wiedzę o kanale {channel} do decyzji zespołu, ocenianych przez pryzmat całego doświadczenia klienta."},
    "why_channel_other": {
        "en": "Represents the channels outside the usual set: {channels}.",
        "pl": "Reprezentuje kanały spoza typowego zestawu: {channels}."},
    "why_coordinator": {
        "en": "The {model} model runs execution in the departments: each of {k} departments needs a coordinator.",
        "pl": "Model {model} prowadzi realizację w działach: każdy z {k} działów potrzebuje koordynatora."},
    "why_steering": {
        "en": "Decides on initiatives by business case and objective criteria, not by the loudest director.",
        "pl": "Decyduje o inicjatywach na podstawie business case'ów i obiektywnych kryteriów, nie głośności dyrektorów."},
    "why_learning": {
        "en": "Runs the skills programme: lunch & learn sessions, shadowing and the 30-60-90 microlearning plan.",
        "pl": "Prowadzi program rozwoju: sesje lunch & learn, shadowing i plan microlearningu 30-60-90."},
    "hats": {"en": "At {n} people these roles are hats worn by existing staff: {share} FTE in all instead of {total}.",
             "pl": "Przy {n} osobach te role to dodatkowe kapelusze obecnych pracowników: łącznie {share} etatu zamiast {total}."},
    "pilot_whole_company": {"en": "With {n} people the whole company is the pilot team.",
                            "pl": "Przy {n} osobach cała firma jest zespołem pilotażowym."},
    "reports_board": {"en": "Board", "pl": "Zarząd"},
    "other_channels_title": {"en": "Other Channels Manager", "pl": "Manager pozostałych kanałów"},
    # actions
    "addresses": {"en": "Answers the stated challenge ({challenge}): {how}",
                  "pl": "Odpowiada na wskazane wyzwanie ({challenge}): {how}"},
    "addresses_direct": {"en": "this is the first fix the method prescribes for it.",
                         "pl": "to pierwszy krok, jaki metoda przewiduje na ten problem."},
    "pilot_title": {"en": "Launch the pilot: {win}", "pl": "Uruchomienie pilota: {win}"},
    "pilot_deliverable": {
        "en": "A pilot team of {size} people ({share} of their time) live with {scope}",
        "pl": "Zespół pilotażowy {size} osób ({share} czasu) uruchamia: {scope}"},
    "pilot_kpi": {"en": "Cross-channel conversion and NPS in the pilot scope vs the rest",
                  "pl": "Konwersja międzykanałowa i NPS w zakresie pilota względem reszty"},
    "pilot_addresses": {
        "en": "a visible quick win gives sceptics proof that cross-department work pays off",
        "pl": "widoczny quick win daje sceptykom dowód, że współpraca międzydziałowa się opłaca"},
    "pilot_scope_stores": {"en": "one product category in {stores} pilot stores and online",
                           "pl": "jednej kategorii produktów w {stores} sklepach pilotażowych i online"},
    "pilot_scope_online": {"en": "one customer segment across {channels}",
                           "pl": "jednego segmentu klientów w kanałach: {channels}"},
    "pilot_success_1": {"en": "{kpi} in the pilot scope improves against the baseline of weeks 1-4",
                        "pl": "{kpi} w zakresie pilota poprawia się względem punktu odniesienia z tygodni 1-4"},
    "pilot_success_2": {"en": "The pilot team keeps its {share} time share for the whole pilot",
                        "pl": "Zespół pilotażowy utrzymuje {share} czasu przez cały pilotaż"},
    "pilot_success_3": {"en": "A go/no-go decision on scaling, backed by data, by the end of phase 2",
                        "pl": "Decyzja o skalowaniu oparta na danych do końca fazy 2"},
    # rollout focus
    "phase1_focus": {"en": "Audit {channels}, map processes, and secure board sponsorship; diagnose: {challenge}.",
                     "pl": "Audyt kanałów ({channels}), mapa procesów i sponsoring zarządu; diagnoza: {challenge}."},
    "phase2_focus": {"en": "A pilot team of {size} delivers {scope}.",
                     "pl": "Zespół pilotażowy ({size} os.) wdraża: {scope}."},
    "phase3_focus": {"en": "Measure the pilot against {kpis}, remove bottlenecks, close competence gaps.",
                     "pl": "Pomiar pilota według: {kpis}, usuwanie wąskich gardeł, uzupełnianie kompetencji."},
    "phase4_focus": {"en": "Extend the {model} model to all channels, formalise roles, train the wider teams.",
                     "pl": "Rozszerzenie modelu ({model}) na wszystkie kanały, formalizacja ról, szkolenie szerszych zespołów."},
    # KPI targets
    "target_clv": {"en": "+5-10% within 12 months, measured across all channels",
                   "pl": "+5-10% w ciągu 12 miesięcy, mierzone we wszystkich kanałach"},
    "target_nps": {"en": "+10 points within 12 months, measured at every touchpoint",
                   "pl": "+10 punktów w ciągu 12 miesięcy, mierzone w każdym punkcie styku"},
    "target_cross_channel_conversion": {"en": "Baseline in phase 1, then +15% in the pilot scope",
                                        "pl": "Punkt odniesienia w fazie 1, potem +15% w zakresie pilota"},
    "target_customer_effort_score": {"en": "-15% effort on the top 3 customer tasks within 6 months",
                                     "pl": "-15% wysiłku w 3 głównych sprawach klientów w 6 miesięcy"},
    "target_default": {"en": "Baseline by week 4, quarterly target agreed by the steering body",
                       "pl": "Punkt odniesienia do 4. tygodnia, cel kwartalny ustala ciało sterujące"},
    "kpi_why_shared": {"en": "Shared by every department, so no channel optimises its own metric at the others' expense.",
                       "pl": "Wspólny dla wszystkich działów, by żaden kanał nie optymalizował własnej metryki kosztem innych."},
    "kpi_why_challenge": {"en": "Tracks progress on the stated challenge ({challenge}).",
                          "pl": "Śledzi postęp w rozwiązywaniu wskazanego wyzwania ({challenge})."},
    # maturity
    "maturity_silo": {"en": "The stated challenge ({challenge}) is typical of level 1: departments act independently.",
                      "pl": "Wskazane wyzwanie ({challenge}) jest typowe dla poziomu 1: działy działają niezależnie."},
    "maturity_projects": {"en": "The stated challenge ({challenge}) arises once departments already work together on projects (level 2).",
                          "pl": "Wskazane wyzwanie ({challenge}) pojawia się, gdy działy już współpracują projektowo (poziom 2)."},
    "maturity_single": {"en": "A single channel leaves little cross-channel integration to assess yet.",
                        "pl": "Jeden kanał to jeszcze niewiele integracji międzykanałowej do oceny."},
    "maturity_target": {"en": "Level 3 takes 12-24 months of consistent work; level 4 is a long-term ambition.",
                        "pl": "Poziom 3 wymaga 12-24 miesięcy konsekwentnej pracy; poziom 4 to ambicja długoterminowa."},
    "maturity_next": {"en": "The realistic next step within 12 months is level {level}.",
                      "pl": "Realny następny krok w ciągu 12 miesięcy to poziom {level}."},
    # quick wins
    "win_why": {"en": "Fits your channels ({channels}) and answers: {challenge}.",
                "pl": "Pasuje do kanałów ({channels}) i odpowiada na: {challenge}."},
    "win_why_plain": {"en": "Fits your channels ({channels}); high value for modest effort.",
                      "pl": "Pasuje do kanałów ({channels}); duża wartość przy umiarkowanym wysiłku."},
    # summary
    "summary_team": {
        "en": "{company} ({band}, {industry}, selling through {channels}) should run omnichannel in the {model} operating model with {roles} roles ({fte} FTE). The first 90 days tackle {challenge}: {a1}; {a2}; {a3}. Maturity today: level {cur} ({cur_name}); target: level {target} ({target_name}).",
        "pl": "{company} ({band}, {industry}, kanały: {channels}) powinna prowadzić omnichannel w modelu operacyjnym: {model}, z zespołem {roles} ról ({fte} FTE). Pierwsze 90 dni to odpowiedź na wyzwanie: {challenge}: {a1}; {a2}; {a3}. Dojrzałość dziś: poziom {cur} ({cur_name}); cel: poziom {target} ({target_name})."},
    "your_company": {"en": "Your company", "pl": "Twoja firma"},
    "summary_skills": {
        "en": "For a {team} in {industry} working across {channels}, the 10 omnichannel skills are ordered by impact on customer experience and ROI. Top 3 this quarter: {top}. Goal: {goal}.",
        "pl": "Dla zespołu ({team}) w branży {industry}, pracującego w kanałach: {channels}, 10 umiejętności omnichannel uporządkowano według wpływu na customer experience i ROI. Top 3 w tym kwartale: {top}. Cel: {goal}."},
    "team_desc": {"en": "{size}-person {level} team", "pl": "{size} os., poziom: {level}"},
    "team_desc_unknown": {"en": "omnichannel team", "pl": "zespół omnichannel"},
    "goal_default": {"en": "a consistent customer experience across channels",
                     "pl": "spójne doświadczenie klienta we wszystkich kanałach"},
    "level_junior": {"en": "junior", "pl": "juniorski"},
    "level_mixed": {"en": "mixed-level", "pl": "mieszany"},
    "level_senior": {"en": "senior", "pl": "seniorski"},
    # skills reasons
    "skill_reason_challenge": {"en": "your challenge ({challenge}) calls for it",
                               "pl": "wymaga jej wskazane wyzwanie ({challenge})"},
    "skill_reason_channel": {"en": "your channels ({channels}) depend on it",
                             "pl": "zależą od niej kanały ({channels})"},
    "skill_reason_level": {"en": "a {level} team gains most here", "pl": "zespół ({level}) zyska tu najwięcej"},
    "skill_reason_goal": {"en": "the quarter's goal ({goal}) needs it", "pl": "potrzebuje jej cel kwartału ({goal})"},
    "skill_reason_base": {"en": "high base impact on CX and ROI in the method",
                          "pl": "wysoki bazowy wpływ na CX i ROI według metody"},
    "skill_target": {"en": "By the end of the quarter: {indicator} — improve on the week-1 baseline by 20%",
                     "pl": "Do końca kwartału: {indicator} — poprawa o 20% względem pomiaru z 1. tygodnia"},
    "skill_focus_top": {"en": "Start now: {item}", "pl": "Zacznij teraz: {item}"},
    "skill_focus_later": {"en": "Maintain: {item}", "pl": "Utrzymuj: {item}"},
    "cohorts": {"en": "With {size} people, run the programme in cohorts of 8-12.",
                "pl": "Przy {size} osobach prowadź program w grupach po 8-12 osób."},
    "win30_owner": {"en": "Team lead", "pl": "Lider zespołu"},
    "win30_sla": {"en": "Set per-channel response SLAs: {slas}", "pl": "Ustal SLA odpowiedzi dla kanałów: {slas}"},
    "win30_sla_why": {"en": "Clear standards stop firefighting; helpdesk queues follow them.",
                      "pl": "Jasne standardy kończą gaszenie pożarów; kolejki helpdesku za nimi podążają."},
    "win30_tip_why": {"en": "Quick practice for the Top 3 skill: {skill}.",
                      "pl": "Szybka praktyka umiejętności z Top 3: {skill}."},
    "day30": {"en": "day 30", "pl": "dzień 30"},
    # skills risks
    "risk_no_time": {"en": "Training competes with daily channel work and gets postponed",
                     "pl": "Szkolenia konkurują z bieżącą pracą w kanałach i są odkładane"},
    "mit_no_time": {"en": "Book fixed weekly microlearning slots (1 case, 1 tool, 1 metric) in calendars",
                    "pl": "Zarezerwuj stałe cotygodniowe sloty microlearningu (1 case, 1 narzędzie, 1 metryka)"},
    "risk_no_baseline": {"en": "Progress cannot be shown because no baseline was measured",
                         "pl": "Nie da się pokazać postępu, bo nie zmierzono punktu wyjścia"},
    "mit_no_baseline": {"en": "Measure every progress indicator in week 1, before any training",
                        "pl": "Zmierz każdy wskaźnik postępu w 1. tygodniu, przed szkoleniami"},
    "risk_tools_first": {"en": "The team learns tool features instead of integrations and data flows",
                         "pl": "Zespół uczy się funkcji narzędzi zamiast integracji i przepływów danych"},
    "mit_tools_first": {"en": "Apply 80/20: master the 20% of features used 80% of the time, integrations first",
                        "pl": "Zastosuj 80/20: opanuj 20% funkcji używanych w 80% przypadków, najpierw integracje"},
    "risk_junior_overload": {"en": "A junior team is overwhelmed by too many channels at once",
                             "pl": "Juniorski zespół jest przytłoczony zbyt wieloma kanałami naraz"},
    "mit_junior_overload": {"en": "Mentoring pairs with experienced practitioners; limit WIP to 2-3 cases in parallel",
                            "pl": "Pary mentorskie z doświadczonymi praktykami; limit WIP do 2-3 spraw równolegle"},
    "risk_pushy_selling": {"en": "Cross-selling pushed too early irritates customers",
                           "pl": "Zbyt wczesny cross-selling irytuje klientów"},
    "mit_pushy_selling": {"en": "Offer only after at least three positive touchpoints; track complaints",
                          "pl": "Proponuj dopiero po co najmniej trzech pozytywnych punktach styku; śledź reklamacje"},
    "owner_lead": {"en": "Team lead", "pl": "Lider zespołu"},
    "owner_learning": {"en": "L&D partner", "pl": "Partner ds. rozwoju (L&D)"},
}


def say(key: str, lang: Language, **facts: object) -> str:
    """The phrase `key` in `lang`, filled with the facts."""
    return PHRASES[key][lang].format(**facts)
