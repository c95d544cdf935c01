"""Condorcet with the Schulze method: who beats whom, the strongest paths, and the cycle that
explains why there is no clear winner. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ruralites.voting.base import Result, make_result


def count_schulze(themes, counted, refused, how_read: str) -> Result:
    """Schulze over marks where smaller is better and an absent theme comes after all others."""
    worst = len(themes) + 1
    d = {x: dict.fromkeys(themes, 0) for x in themes}  # d[x][y]: ballots preferring x to y
    for ballot in counted:
        for x in themes:
            for y in themes:
                if ballot.marks.get(x, worst) < ballot.marks.get(y, worst):
                    d[x][y] += ballot.count
    p = {x: {y: d[x][y] if x != y and d[x][y] > d[y][x] else 0 for y in themes} for x in themes}
    for k in themes:  # strongest paths, Floyd–Warshall style
        for x in themes:
            for y in themes:
                if len({x, y, k}) == 3:
                    p[x][y] = max(p[x][y], min(p[x][k], p[k][y]))
    beats = {x: [y for y in themes if p[x][y] > p[y][x]] for x in themes}
    majority = {x: [y for y in themes if d[x][y] > d[y][x]] for x in themes}
    condorcet = [x for x in themes if len(majority[x]) == len(themes) - 1]
    cycle = find_cycle(themes, majority)
    layers, remaining = [], list(themes)
    while remaining:  # rank 1: unbeaten themes; then unbeaten among the rest, and so on
        layer = [x for x in remaining if not any(x in beats[y] for y in remaining)]
        layer = layer or remaining  # never empty (Schulze's relation is acyclic); no endless loop
        layers.extend((len(themes) - len(remaining) + 1, x) for x in layer)
        remaining = [x for x in remaining if x not in layer]
    duels = []
    for i, x in enumerate(themes):
        for y in themes[i + 1 :]:
            a, b = (x, y) if d[x][y] >= d[y][x] else (y, x)
            verb = "bat" if d[a][b] > d[b][a] else "fait jeu égal avec"
            duels.append(f"{a} {verb} {b} ({d[a][b]} contre {d[b][a]}).")
    sentences = [
        f"Méthode de Schulze (Condorcet) : on compare les thèmes deux à deux. {how_read}",
        *duels,
        f"Vainqueur de Condorcet : « {condorcet[0]} » bat chacun des autres thèmes en duel."
        if condorcet
        else "Pas de vainqueur de Condorcet : aucun thème ne bat tous les autres en duel.",
    ]
    if cycle:
        loop = ", ".join(f"{a} bat {b}" for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True))
        sentences.append(f"Préférences circulaires : {loop}.")
    sentences.append(
        "Schulze départage par les chemins les plus forts (la force d'un enchaînement de duels "
        "est celle de son duel le plus serré) : "
        + " ; ".join(f"{x} l'emporte sur {len(beats[x])} thème(s)" for _, x in layers)
        + "."
    )
    scores = {x: len(beats[x]) for x in themes}
    details = {
        x: {
            "beats": beats[x],
            "duels_won": len(majority[x]),
            "duels_lost": sum(x in majority[y] for y in themes),
        }
        for x in themes
    }
    extra = {
        "pairwise": d,
        "strongest_paths": p,
        "condorcet_winner": condorcet[0] if condorcet else None,
        "cycle": cycle,
    }
    label = "victoire(s) de Schulze"
    return make_result("schulze", counted, refused, layers, scores, details, sentences, label, extra)


def find_cycle(themes: Sequence[str], beats: Mapping[str, list[str]]) -> list[str] | None:
    """One cycle of the majority relation (each theme beats the next, the last the first)."""
    done: set[str] = set()

    def visit(theme: str, path: list[str]) -> list[str] | None:
        path.append(theme)
        for beaten in beats[theme]:
            if beaten in path:
                return path[path.index(beaten) :]
            if beaten not in done and (found := visit(beaten, path)):
                return found
        done.add(path.pop())
        return None

    for theme in themes:
        if theme not in done and (found := visit(theme, [])):
            return found
    return None


RANKS_READ = "Un thème classé passe devant un thème non classé ; deux non classés font jeu égal."


GRADES_READ = "Les préférences viennent des mentions : une meilleure mention passe devant."
