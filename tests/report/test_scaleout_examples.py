"""The shipped scale-out examples: a CI matrix and a Kubernetes Indexed Job, each one shard per
job or pod and one merged report, in step with --shard, the suite image and report --merge."""

from __future__ import annotations

import re
from typing import Any

import yaml

from faultbook.provision.images import image_ref
from faultbook.provision.suite_image import SUITE_NAME
from faultbook.shard import COMMITTED, load_durations
from tests.childrun import ROOT


def _docs(name: str) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all((ROOT / name).read_text()) if d]


def test_ci_matrix_runs_every_shard_then_merges() -> None:
    (workflow,) = _docs("ci/matrix.yml")
    shard_job = workflow["jobs"]["shard"]
    shards = shard_job["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, int(shard_job["env"]["SHARDS"]) + 1))
    run = " ".join(step.get("run", "") for step in shard_job["steps"])
    assert "--shard=${{ matrix.shard }}/${{ env.SHARDS }}" in run
    merge = " ".join(step.get("run", "") for step in workflow["jobs"]["report"]["steps"])
    assert "faultbook report --merge shard-*" in merge
    assert workflow["jobs"]["report"]["needs"] == "shard"


def test_indexed_job_runs_one_shard_per_pod_in_the_suite_image() -> None:
    (job, claim) = _docs("deploy/k8s-indexed-job.yaml")
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed"
    (container,) = spec["template"]["spec"]["containers"]
    assert container["image"] == image_ref(SUITE_NAME) and container["imagePullPolicy"] == "Never"
    env = {e["name"]: e["value"] for e in container["env"]}
    assert int(env["SHARDS"]) == spec["completions"] == spec["parallelism"]
    command = " ".join(container["args"])
    assert "--shard=$((JOB_COMPLETION_INDEX + 1))/$SHARDS" in command
    assert "--runtime=process" in command
    mount = container["volumeMounts"][0]["mountPath"]
    assert f"--faultbook-reports={mount}/shard-" in command
    assert claim["kind"] == "PersistentVolumeClaim"
    (merge,) = _docs("deploy/k8s-merge-job.yaml")
    args = " ".join(merge["spec"]["template"]["spec"]["containers"][0]["args"])
    assert re.search(rf"faultbook report --merge {mount}/shard-\* -o {mount}/report.html", args)


def test_committed_durations_cover_the_catalog() -> None:
    durations = load_durations(ROOT / COMMITTED)
    assert durations and all(v > 0 for v in durations.values())
    assert any(k.startswith("scenarios/backendai/") for k in durations)
    assert all((ROOT / k.split("::")[0]).is_file() for k in durations), "stale test ids"
