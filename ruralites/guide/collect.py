"""The guide's content, gathered through the same domain functions as the app's pages: the
board and commune files (`campaigns.views`), the results (`results.results`, word-cloud texts
and the "< 5" rule of `results.disclosure`), ideas per theme (`ideas.summary`), votes and the
theme chosen (`voting`), evenings and witnesses heard (`evenings`), the orientation file
(`orientation.orientation_file`). The viewer's scope applies to every call.

No personal contact is read into the guide: commune contacts, volunteers and witness contacts
stay in the app; only the pôles' own addresses appear, as the fiche's "contact".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import campaigns, evenings, fr, ideas, orientation, phases, results, voting
from ruralites.auth import Viewer
from ruralites.campaigns import views as campaign_views
from ruralites.guide import narrative
from ruralites.guide.content import (
    Bar,
    CalendarRow,
    Chart,
    CommuneChapter,
    Fact,
    Guide,
    Quote,
    Step,
    ThemeLine,
    VoteSummary,
)
from ruralites.models import Survey as SurveyRow
from ruralites.models import SurveyVersion
from ruralites.results import SUPPRESSED, Count, Scope, protect
from ruralites.surveys import store as survey_store
from ruralites.voting import theme_choice, votes

Progress = Callable[[float, str], None]

# Each method in plain French: what people did, and what puts a theme first.
PLAIN_METHODS = {
    "dots": "Chaque personne avait quelques gommettes à coller sur les thèmes de son choix ; le "
            "thème qui en a reçu le plus arrive en tête.",
    "approval": "Chaque personne a coché tous les thèmes qui lui convenaient ; le thème coché "
                "par le plus de monde arrive en tête.",
    "borda": "Chaque personne a classé les thèmes du plus au moins important ; un thème gagne "
             "d'autant plus de points qu'il est classé haut, et le total décide.",
    "schulze": "Chaque personne a classé les thèmes ; on compare ensuite les thèmes deux à "
               "deux, et celui qui l'emporte dans ces duels arrive en tête.",
    "majority": "Chaque personne a donné une appréciation à chaque thème, de « à rejeter » à "
                "« excellent » ; le thème dont l'appréciation du milieu (celle que la moitié "
                "des votants donne au moins) est la meilleure arrive en tête.",
    "plurality": "Chaque personne a désigné son thème préféré ; le plus désigné arrive en tête.",
}
TERMS = {
    "dots": "Méthode : vote par gommettes (« dot voting »).",
    "approval": "Méthode : vote par approbation.",
    "borda": "Méthode : classement, compté selon la méthode de Borda.",
    "schulze": "Méthode : classement, compté selon la méthode de Schulze (Condorcet) ; le score "
               "est le nombre de « victoires de Schulze ».",
    "majority": "Méthode : jugement majoritaire ; le score est la « mention majoritaire » "
                "(médiane), départagée par la « jauge majoritaire ».",
    "plurality": "Méthode : scrutin au premier choix.",
}
SHORT_PHASES = ("invited", "volunteered", "validated", "declined", "withdrawn")


def _progress(report: Progress | None, share: float, what: str) -> None:
    if report is not None:
        report(min(1.0, max(0.0, share)), what)


def _day(moment) -> date:
    return fr.local(moment).date() if hasattr(moment, "hour") else moment


# ---- the campaign ------------------------------------------------------------------------------


def campaign_poles(session: Session, viewer: Viewer, slug: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    campaign = campaigns.campaign_for(session, viewer, slug)
    poles = sorted(campaign.poles, key=lambda p: (p.name, p.id))
    return (tuple(p.name for p in poles),
            tuple(f"{p.name} — {p.email}" if p.email else p.name for p in poles))


def _summary(session: Session, viewer: Viewer, slug: str) -> campaign_views.CampaignSummary:
    campaigns.campaign_for(session, viewer, slug)  # the French "not found" first
    return next(c for c in campaign_views.list_campaigns(session, viewer) if c.slug == slug)


def _period(starts_on: date | None, ends_on: date | None) -> str:
    if starts_on and ends_on:
        return f"du {fr.long_date(starts_on)} au {fr.long_date(ends_on)}"
    if starts_on:
        return f"depuis le {fr.long_date(starts_on)}"
    return "dates non renseignées"


def _survey(session: Session, found: results.Results):
    """The questionnaire most answered in the campaign, as answered (its newest version)."""
    if found.survey is None:
        return None
    version_id = session.scalar(
        select(SurveyVersion.id).join(SurveyRow, SurveyRow.id == SurveyVersion.survey_id)
        .where(SurveyRow.slug == found.survey.slug).order_by(SurveyVersion.id.desc()).limit(1))
    return survey_store.stored_version(session, version_id) if version_id else None


def count_text(count: Count, singular: str, plural_form: str | None = None) -> str:
    """"12 réponses", or "< 5 réponses" for a hidden count."""
    if count is SUPPRESSED:
        return f"{SUPPRESSED} {plural_form or singular + 's'}"
    return fr.plural(count, singular, plural_form)


def _cell_bars(cells: Sequence[results.Cell]) -> tuple[Bar, ...]:
    bars = []
    for c in cells:
        if c.count is SUPPRESSED:
            bars.append(Bar(c.label, results.MIN_GROUP - 1, str(SUPPRESSED), hidden=True))
        else:
            share = f" ({fr.percent(c.share)})" if c.share is not None else ""
            bars.append(Bar(c.label, c.count, f"{fr.number(c.count)}{share}"))
    return tuple(bars)


def participation_chart(figures: Sequence[results.CommuneFigure]) -> Chart:
    """Share of the inhabitants who answered, commune by commune: the numbers of the results
    page's `commune_chart`."""
    bars, words = [], []
    for c in figures:
        if c.responses is SUPPRESSED:
            bars.append(Bar(c.nom, 0, f"{SUPPRESSED} réponses", hidden=True))
            words.append(f"{c.nom} : moins de 5 réponses")
        else:
            text = f"{fr.number(c.responses)} réponses"
            if c.share is not None:
                text += f" — {fr.percent(c.share)}"
            bars.append(Bar(c.nom, (c.share or 0) * 100, text))
            words.append(f"{c.nom} : {text}")
    return Chart("participation", "Part des habitants ayant répondu, par commune",
                 "Réponses au questionnaire et part des habitants : " + " ; ".join(words) + ".",
                 "Part des habitants ayant répondu (%)", tuple(bars))


def channel_chart(turnout: results.Turnout) -> Chart:
    bars = _cell_bars(turnout.by_channel)
    words = " ; ".join(f"{b.label} : {b.text}" for b in bars)
    return Chart("channels", "Réponses par canal", f"Réponses selon le canal : {words}.",
                 "Réponses", bars)


def evenings_chart(rows: Sequence[tuple[str, int]]) -> Chart:
    bars = tuple(Bar(label, n, fr.number(n)) for label, n in rows)
    words = " ; ".join(f"{label} : {fr.plural(n, 'personne')}" for label, n in rows)
    return Chart("evenings", "Participation aux soirées, par type",
                 "Personnes venues aux soirées où la salle a été comptée (une personne venue "
                 f"à deux soirées compte deux fois) : {words}.",
                 "Personnes", bars)


# ---- a commune ---------------------------------------------------------------------------------


def _steps(file: campaign_views.CommuneFile, evening_rows: Sequence[evenings.EveningInfo],
           vote_rows: Sequence[votes.VoteInfo], decision, chosen) -> tuple[Step, ...]:
    steps: list[Step] = []
    if file.invited_on:
        steps.append(Step(file.invited_on, "Invitée à rejoindre la démarche"))
    for d in file.decisions:
        result = "favorable" if d.favourable else "défavorable"
        steps.append(Step(d.session_date, f"Délibération du conseil municipal ({result} : "
                          f"{d.votes_for} pour, {d.votes_against} contre, "
                          f"{d.abstentions} abstention(s))"))
    for e in evening_rows:
        held = f", {count_text(protect(e.attendance), 'personne')}" if e.attendance else ""
        steps.append(Step(_day(e.starts_at), f"{e.kind_label} « {e.title} »{held}"))
    for v in vote_rows:
        if v.closed_at:
            steps.append(Step(_day(v.closed_at), f"Vote clos : « {v.title} » ({v.method_label})"))
    if decision is not None:
        steps.append(Step(decision.decided_on, f"Thème choisi : « {decision.theme_label} »"))
    for c in chosen:
        steps.append(Step(c.chosen_on, f"Orientée vers « {c.name} »"))
        steps += [Step(s.happened_on, f"{s.label} ({c.short_name})") for s in c.steps]
    for t in file.timeline:
        if t.to_phase in ("declined", "withdrawn"):
            steps.append(Step(_day(t.at), phases.label(t.to_phase)
                              + (f" : {t.reason}" if t.reason else "")))
    return tuple(sorted(steps, key=lambda s: s.day))


def _where_why(file: campaign_views.CommuneFile) -> str:
    if file.phase in ("declined", "withdrawn"):
        last = next((t for t in reversed(file.timeline) if t.to_phase == file.phase), None)
        before = phases.label(last.from_phase) if last and last.from_phase else "—"
        why = file.withdrawn_reason or (last.reason if last else None) or "raison non indiquée"
        verb = "a décliné l'invitation" if file.phase == "declined" else "s'est arrêtée"
        return f"{file.nom} {verb} à l'étape « {before} ». Pourquoi : {why}"
    return (f"{file.nom} en est à l'étape « {phases.label(file.phase)} » : "
            f"{phases.NEXT_STEP[file.phase].lower()}. La démarche n'a pas encore recueilli "
            "l'avis des habitants.")


def _vote(found: votes.VoteResults, code: str, decision=None) -> VoteSummary:
    info, result = found.info, found.result
    ballots = protect(result.ballots_counted if result else info.ballots)
    how = PLAIN_METHODS.get(info.method, "")
    if info.method == "dots" and info.max_dots:
        how = how.replace("quelques gommettes", fr.plural(info.max_dots, "gommette"))
    if result is None and not info.ballots and decision is not None:
        # No ballot typed in: the room chose its theme another way (a show of hands, a
        # discussion), and the decision says which.
        sentence = (f"Aucun bulletin n'a été saisi : le thème « {decision.theme_label} » a été "
                    f"choisi sans vote écrit, par {decision.decided_by}.")
        return VoteSummary(info.title, info.method_label, how, ballots, sentence, (),
                           TERMS.get(info.method, ""), None)
    if result is None:
        sentence = "Le vote n'a pas pu être compté : " + (found.counting.error or "aucun bulletin.")
        return VoteSummary(info.title, info.method_label, how, ballots, sentence, (),
                           TERMS.get(info.method, ""), None)
    voters = count_text(ballots, "bulletin")
    if len(result.winners) > 1:
        sentence = ("Égalité en tête entre " + voting.join_themes(
            [f"« {w} »" for w in result.winners]) + f" ({voters}) : la salle a tranché.")
    else:
        second = next((e for e in result.ranking if e.rank > 1), None)
        sentence = f"Avec {voters}, les habitants ont placé « {result.winners[0]} » en tête"
        sentence += f", devant « {second.theme} »." if second else "."
    label = result.score_label
    ranking = tuple((str(e.rank), e.theme,
                     f"{label} {e.score}" if isinstance(e.score, str) else f"{e.score} {label}")
                    for e in result.ranking)
    chart = None
    if all(isinstance(e.score, int) for e in result.ranking):
        bars = tuple(Bar(e.theme, e.score, fr.number(e.score)) for e in result.ranking)
        chart = Chart(f"vote-{code}", f"Résultat du vote — {info.title}",
                      f"Résultat du vote ({info.method_label}, {voters}) : "
                      + " ; ".join(f"{e.theme} : {s}" for (_r, _t, s), e
                                   in zip(ranking, result.ranking, strict=True)) + ".",
                      label[:1].upper() + label[1:], bars)
    return VoteSummary(info.title, info.method_label, how, ballots, sentence, ranking,
                       TERMS.get(info.method, ""), chart)


def _next_step(file, chosen, coming: Sequence[evenings.ComingEvening]) -> tuple[str, date | None]:
    mine = [e for e in coming if e.participation_id == file.participation_id]
    if mine:
        e = mine[0]
        return f"{e.kind_label} « {e.title} »" + (f", {e.place}" if e.place else ""), \
            _day(e.starts_at)
    if chosen:
        latest = max(chosen, key=lambda c: (c.steps[-1].happened_on if c.steps else c.chosen_on))
        if latest.steps:
            s = latest.steps[-1]
            return f"Dernière étape du suivi : {s.label.lower()} ({latest.short_name})", \
                s.happened_on
        return f"Premier contact avec « {latest.name} », à prendre avec le pôle", latest.chosen_on
    return phases.NEXT_STEP[file.phase], None


def commune_chapter(session: Session, viewer: Viewer, file: campaign_views.CommuneFile,
                    figure: results.CommuneFigure | None, heard, coming,
                    written: dict[str, str]) -> CommuneChapter:
    """One commune's chapter, read as `viewer` may read it."""
    pid = file.participation_id
    short = file.phase in SHORT_PHASES
    found = results.results(session, viewer, Scope(file.campaign_slug, pid), questions=not short)
    turnout = found.turnout
    if figure is not None:  # the campaign's own figure for the commune: the same numbers
        responses, share = figure.responses, figure.share
    else:
        responses = protect(turnout.responses)
        share = turnout.share if responses is not SUPPRESSED else None
    evening_rows = evenings.evenings_for(session, viewer, participation_id=pid)
    vote_rows = votes.votes_for(session, viewer, pid)
    decision = theme_choice.decision_for(session, viewer, pid)
    ofile = (orientation.orientation_file(session, viewer, pid)
             if phases.allows(file.phase, "plan_inspiring_evening") else None)
    chosen = ofile.chosen if ofile else ()
    summary = ideas.summary(session, viewer, pid, examples=3)
    closed = [v for v in vote_rows if not v.is_open]
    shown_vote = next((v for v in closed if decision and v.id == decision.vote_id),
                      closed[-1] if closed else None)
    vote = _vote(votes.results(session, viewer, shown_vote.id), file.code_insee,
                 decision if decision and decision.vote_id == shown_vote.id else None) \
        if shown_vote else None
    inspiring = tuple(
        f"{fr.long_date(e.starts_at)} — « {e.title} »"
        + (f", {count_text(protect(e.attendance), 'personne')}" if e.attendance else "")
        for e in evening_rows if e.kind == "inspiring")
    witnesses = tuple(
        h.name + (f" ({h.organisation})" if h.organisation else "") + f" — {h.project_title}"
        for h in heard if h.participation_id == pid)
    lines = []
    for c in chosen:
        status = c.steps[-1].label.lower() + f" le {fr.short_date(c.steps[-1].happened_on)}" \
            if c.steps else "suivi à venir"
        lines.append(f"{c.name}, retenu le {fr.short_date(c.chosen_on)} : {status}")
    project = ofile.project if ofile else None
    if project and project.summary:
        lines.insert(0, f"Le projet : {project.summary} ({project.stage_label.lower()}, "
                        f"porté par : {project.carrier_label.lower()})")
    step, step_day = _next_step(file, chosen, coming)
    return CommuneChapter(
        code_insee=file.code_insee, nom=file.nom, population=file.population, phase=file.phase,
        phase_label=phases.label(file.phase), short=short,
        where_why=_where_why(file) if short else "",
        steps=_steps(file, evening_rows, vote_rows, decision, chosen),
        responses=responses, share=share,
        channels=tuple(Fact(b.label, b.text) for b in _cell_bars(turnout.by_channel)),
        profile=found.profile,
        cloud_texts=tuple(results.idea_texts(session, viewer, found.scope)) if not short else (),
        cloud_min_count=results.cloud_min_count(viewer, public=True),
        ideas=summary.ideas,
        themes=tuple(ThemeLine(t.label, t.ideas, tuple(t.examples)) for t in summary.by_theme[:5]),
        vote=vote,
        chosen_theme=decision.theme_label if decision else None,
        chosen_how=(f"choisi par {decision.decided_by} le {fr.long_date(decision.decided_on)}"
                    if decision else ""),
        inspiring=inspiring, witnesses=witnesses, orientation=tuple(lines),
        group_size=protect(ofile.group_size) if ofile else 0,
        next_step=step, next_step_day=step_day,
        next_text=written.get(narrative.next_key(file.code_insee), ""),
    )


# ---- the whole guide ---------------------------------------------------------------------------


def _calendar_row(chapter_file: campaign_views.CommuneFile, first_answer: date | None,
                  chapter: CommuneChapter) -> CalendarRow:
    reached = {}
    for t in chapter_file.timeline:
        reached.setdefault(t.to_phase, _day(t.at))
    return CalendarRow(chapter_file.nom, (
        reached.get("validated"), first_answer or reached.get("listening"),
        reached.get("theme_chosen"), reached.get("inspiring"), reached.get("oriented")))


def _quotes(session: Session, viewer: Viewer, slug: str,
            names: dict[str, str]) -> tuple[Quote, ...]:
    return tuple(
        Quote(t.quote, t.author, names.get(t.commune_code or ""),
              f"accord donné le {fr.long_date(t.consent_on)} ({t.consent_how})")
        for t in narrative.testimonies(session, viewer, slug))


def build_guide(session: Session, viewer: Viewer, slug: str, *,
                communes: Sequence[str] | None = None, chapters: Sequence[str] = (),
                progress: Progress | None = None) -> Guide:
    """The guide of campaign `slug` for the communes of `communes` (INSEE codes; all by
    default), as `viewer` may read it. `progress(share, what)` is told how far it got."""
    summary = _summary(session, viewer, slug)
    poles, contacts = campaign_poles(session, viewer, slug)
    files = campaign_views.commune_files(session, viewer, slug)
    if communes:
        wanted = {c.strip() for c in communes if c.strip()}
        unknown = wanted - {f.code_insee for f in files}
        if unknown:
            raise narrative.GuideError(
                "Commune(s) absente(s) de la démarche : " + ", ".join(sorted(unknown))
                + ". Indiquez les codes INSEE des communes de la démarche.")
        files = [f for f in files if f.code_insee in wanted]
    _progress(progress, 0.02, "Chiffres de la démarche")
    whole = results.results(session, viewer, Scope(slug), questions=False)
    figures = {f.participation_id: f for f in whole.turnout.by_commune}
    all_evenings = evenings.evenings_for(session, viewer, campaign_slug=slug)
    heard = evenings.witnesses_heard(session, viewer)
    coming = evenings.coming_evenings(session, viewer)
    written = narrative.sections(session, viewer, slug)
    chapters_: list[CommuneChapter] = []
    calendar: list[CalendarRow] = []
    for n, f in enumerate(files):
        _progress(progress, 0.05 + 0.85 * n / max(1, len(files)), f"Commune : {f.nom}")
        chapter = commune_chapter(session, viewer, f, figures.get(f.participation_id), heard,
                                  coming, written)
        chapters_.append(chapter)
        firsts = [fr.local(t.at).date() for t in f.timeline if t.to_phase == "listening"]
        calendar.append(_calendar_row(f, firsts[0] if firsts else None, chapter))
    pids = {f.participation_id for f in files}
    kept_evenings = [e for e in all_evenings if e.participation_id in pids]
    per_kind: dict[str, int] = {}
    held: dict[str, int] = {}
    for e in kept_evenings:
        held[e.kind_label] = held.get(e.kind_label, 0) + 1
        if e.attendance is not None:  # an evening where nobody counted the room is left out
            per_kind[e.kind_label] = per_kind.get(e.kind_label, 0) + e.attendance
    kept_figures = [figures[p] for p in figures if p in pids]
    responses = sum(c.responses for c in kept_figures if isinstance(c.responses, int))
    population = sum(c.population or 0 for c in kept_figures if c.responses)
    witnesses = {w for c in chapters_ for w in c.witnesses}
    ballots = [c.vote.ballots for c in chapters_ if c.vote]
    oriented = [c for c in chapters_ if c.orientation]
    facts = (
        Fact("Communes", f"{len(files)} ("
             + ", ".join(f"{phases.label(p).lower()} : {n}" for p, n in sorted(
                 _phase_counts(chapters_).items(), key=lambda kv: phases.PHASES.index(kv[0])))
             + ")"),
        Fact("Réponses au questionnaire", fr.plural(whole.turnout.responses, "réponse")
             if not communes else fr.plural(responses, "réponse")),
        Fact("Part des habitants touchés",
             fr.percent(responses / population) if population else "—"),
        Fact("Soirées", ", ".join(f"{n} × {k.lower()}" for k, n in held.items()) or "aucune"),
        Fact("Participation aux soirées", fr.plural(sum(per_kind.values()), "présence")),
        Fact("Idées recueillies", fr.plural(sum(c.ideas for c in chapters_), "idée")),
        Fact("Votes", f"{fr.plural(len(ballots), 'vote')}, "
             + fr.plural(sum(b for b in ballots if isinstance(b, int)), "bulletin")),
        Fact("Témoins entendus", fr.plural(len(witnesses), "témoin")),
        Fact("Communes orientées", f"{len(oriented)} sur {len(files)}"),
    )
    charts = [participation_chart(kept_figures)] if kept_figures else []
    if whole.turnout.responses:
        charts.append(channel_chart(whole.turnout))
    if per_kind:
        charts.append(evenings_chart(list(per_kind.items())))
    names = {c.code_insee: c.nom for c in chapters_}
    _progress(progress, 0.92, "Mise en page")
    return Guide(
        slug=slug, campaign_name=summary.name, poles=poles, pole_contacts=contacts,
        funder=summary.funder, period=_period(summary.starts_on, summary.ends_on),
        description=summary.description, is_demo=summary.is_demo, made_on=fr.today_in_france(),
        calendar=tuple(calendar), facts=facts, charts=tuple(charts), communes=tuple(chapters_),
        sections={k: v for k, v in written.items() if k in narrative.SECTIONS},
        quotes=_quotes(session, viewer, slug, names), survey=_survey(session, whole),
        chapters=frozenset(chapters),
    )


def _phase_counts(chapters: Sequence[CommuneChapter]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in chapters:
        counts[c.phase] = counts.get(c.phase, 0) + 1
    return counts
