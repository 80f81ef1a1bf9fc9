"""`--since REF`: the files changed between a git revision and the work tree (committed since, staged,
unstaged, untracked), for incremental checks on a pull-request branch."""

from __future__ import annotations

from pathlib import Path

from migrate_cli.pipeline.discovery import DiscoveryError


def changed_since(ref: str, paths: list[Path]) -> set[Path]:
    import git

    start = paths[0] if paths else Path(".")
    try:
        repo = git.Repo(start if start.is_dir() else start.parent, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise DiscoveryError(f"--since {ref}: {start} is not in a git work tree") from None
    try:
        repo.commit(ref)
    except (git.BadName, git.BadObject, ValueError, git.GitCommandError):
        raise DiscoveryError(f"--since {ref}: unknown revision") from None
    if repo.working_tree_dir is None:  # a bare repository
        raise DiscoveryError(f"--since {ref}: {start} is not in a git work tree")
    root = Path(repo.working_tree_dir).resolve()
    changed = repo.git.diff("--name-only", "-z", ref, "--").split("\0")
    return {(root / name).resolve() for name in [*changed, *repo.untracked_files] if name}
