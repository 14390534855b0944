using System.Globalization;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Store;

namespace Portal.ClusterSimulator.Batch;

/// <summary>
/// Plays the Job controller and the kubelet for Job pods. Per step: pods move Pending → Running → Succeeded|Failed
/// (containers terminated with exit code, reason and a termination message, see <see cref="TerminationMessages"/>),
/// then each Job counts its pods, creates the next pod (<c>&lt;job&gt;-&lt;5 chars&gt;</c>, labels <c>job-name</c>,
/// <c>batch.kubernetes.io/job-name</c>, <c>controller-uid</c>, owner reference) until <c>completions</c> succeeded
/// (→ condition Complete) or more than <c>backoffLimit</c> failed (→ Failed, BackoffLimitExceeded), or
/// <c>activeDeadlineSeconds</c> passed (→ Failed, DeadlineExceeded). <c>ttlSecondsAfterFinished</c> deletes the
/// finished Job. Pods of deleted Jobs are garbage-collected. Runs on the controller thread only.
/// Init containers (<c>spec.initContainers</c>) all complete with exit code 0 in one step while the pod is still
/// Pending (main containers waiting, <c>PodInitializing</c>); then the main containers run. Exit codes, injected
/// failures and termination messages belong to the main containers, which end last: that is where the portal's
/// S3 pods put their result.
/// </summary>
internal sealed class JobReconciler(SimulatorContext sim)
{
    private const string NodeName = "sim-node-1";

    // failure rules claimed by a Job (by uid), with how many of its pods still have to fail
    private readonly Dictionary<string, (JobFailureRule Rule, int Remaining)> _failures = new(StringComparer.Ordinal);

    // report rules claimed by a Job (by uid): the message its successful pods write
    private readonly Dictionary<string, string> _reports = new(StringComparer.Ordinal);

    public void Step()
    {
        var jobDef = sim.Definition("batch/v1", "Job");
        var podDef = sim.Definition("v1", "Pod");
        if (jobDef is null || podDef is null) return;
        var jobs = sim.Store.List(jobDef, null).Items;
        var jobsByUid = jobs.ToDictionary(BatchObjects.Uid, StringComparer.Ordinal);
        var pods = sim.Store.List(podDef, null).Items;
        foreach (var pod in pods)
        {
            if (BatchObjects.OwnerUid(pod, "Job") is not { } ownerUid) continue;
            if (!jobsByUid.TryGetValue(ownerUid, out var job))
            {
                TryDelete(podDef, pod); // the garbage collector removes pods of deleted Jobs
                continue;
            }
            AdvancePod(podDef, job, pod);
        }
        foreach (var uid in _failures.Keys.Where(u => !jobsByUid.ContainsKey(u)).ToList()) _failures.Remove(uid);
        foreach (var uid in _reports.Keys.Where(u => !jobsByUid.ContainsKey(u)).ToList()) _reports.Remove(uid);

        pods = sim.Store.List(podDef, null).Items;
        foreach (var job in jobs)
        {
            var uid = BatchObjects.Uid(job);
            var owned = pods.Where(p => BatchObjects.OwnerUid(p, "Job") == uid).ToList();
            ReconcileJob(jobDef, podDef, job, owned);
        }
    }

    private void ReconcileJob(ResourceDefinition jobDef, ResourceDefinition podDef, JsonObject job, List<JsonObject> pods)
    {
        var ns = JsonHelpers.NamespaceOf(job)!;
        var name = JsonHelpers.NameOf(job)!;
        var now = sim.Store.Time.GetUtcNow();
        if (BatchObjects.FinishedCondition(job) is not null)
        {
            ExpireFinished(jobDef, podDef, job, pods, now);
            return;
        }
        if (job.AtPath("spec.suspend").ScalarText() == "true") return;

        var uid = BatchObjects.Uid(job);
        if (!_failures.ContainsKey(uid) && job.AtPath("status.startTime") is null && sim.Faults.TakeJobFailure(name) is { } rule)
        {
            _failures[uid] = (rule, rule.FailedPods);
        }
        if (!_reports.ContainsKey(uid) && job.AtPath("status.startTime") is null && sim.Faults.TakeJobReport(name) is { } report)
        {
            _reports[uid] = report.Message;
        }
        var startTime = BatchObjects.Time(job.AtPath("status.startTime").ScalarText()) ?? now;
        var succeeded = pods.Count(p => Phase(p) == "Succeeded");
        var failed = pods.Count(p => Phase(p) == "Failed");
        var active = pods.Where(p => Phase(p) is not ("Succeeded" or "Failed")).ToList();
        var completions = (int)(job.AtPath("spec.completions").Long() ?? 1);
        var parallelism = (int)(job.AtPath("spec.parallelism").Long() ?? 1);
        var backoffLimit = (int)(job.AtPath("spec.backoffLimit").Long() ?? 6);
        var deadline = job.AtPath("spec.activeDeadlineSeconds").Long();

        JsonObject? finished = null;
        if (succeeded >= completions)
        {
            finished = BatchObjects.Condition("Complete", now);
        }
        else if (failed > backoffLimit)
        {
            finished = BatchObjects.Condition("Failed", now, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        }
        else if (deadline is { } seconds && now >= startTime.AddSeconds(seconds))
        {
            finished = BatchObjects.Condition("Failed", now, "DeadlineExceeded", "Job was active longer than specified deadline");
        }

        if (finished is not null)
        {
            foreach (var pod in active) TryDelete(podDef, pod);
            failed += finished.StringProperty("reason") == "DeadlineExceeded" ? active.Count : 0;
            var completionTime = pods.Select(p => BatchObjects.Time(p.AtPath("status.containerStatuses")?.AsArray().FirstOrDefault()?.AtPath("state.terminated.finishedAt").ScalarText()))
                .Where(t => t is not null).Max() ?? now;
            sim.Store.Mutate(jobDef, ns, name, o =>
            {
                var s = BatchObjects.Status(o);
                s["startTime"] ??= JsonHelpers.Timestamp(startTime);
                SetCounts(s, 0, succeeded, failed, 0);
                if (finished.StringProperty("type") == "Complete") s["completionTime"] = JsonHelpers.Timestamp(completionTime);
                var conditions = s["conditions"] as JsonArray ?? new JsonArray();
                conditions.Add(finished);
                s["conditions"] = conditions;
                return true;
            });
            return;
        }

        var wanted = Math.Min(parallelism, completions - succeeded) - active.Count;
        for (var i = 0; i < wanted; i++) CreatePod(podDef, job);
        var ready = active.Count(p => Phase(p) == "Running");
        sim.Store.Mutate(jobDef, ns, name, o =>
        {
            var s = BatchObjects.Status(o);
            s["startTime"] ??= JsonHelpers.Timestamp(startTime);
            SetCounts(s, active.Count + Math.Max(0, wanted), succeeded, failed, ready);
            s["uncountedTerminatedPods"] ??= new JsonObject();
            return true;
        });
    }

    // the real status omits zero counters (omitempty), except ready
    private static void SetCounts(JsonObject s, int active, int succeeded, int failed, int ready)
    {
        foreach (var (key, value) in new[] { ("active", active), ("succeeded", succeeded), ("failed", failed) })
        {
            if (value > 0) s[key] = value;
            else s.Remove(key);
        }
        s["ready"] = ready;
    }

    private void ExpireFinished(ResourceDefinition jobDef, ResourceDefinition podDef, JsonObject job, List<JsonObject> pods, DateTimeOffset now)
    {
        if (job.AtPath("spec.ttlSecondsAfterFinished").Long() is not { } ttl) return;
        var finishedAt = job.AtPath("status.conditions") is JsonArray c
            ? c.OfType<JsonObject>().Select(x => BatchObjects.Time(x.StringProperty("lastTransitionTime"))).Where(t => t is not null).Max()
            : null;
        if (finishedAt is null || now < finishedAt.Value.AddSeconds(ttl)) return;
        TryDelete(jobDef, job);
        foreach (var pod in pods) TryDelete(podDef, pod);
    }

    private void CreatePod(ResourceDefinition podDef, JsonObject job)
    {
        var jobName = JsonHelpers.NameOf(job)!;
        var ns = JsonHelpers.NamespaceOf(job)!;
        var uid = BatchObjects.Uid(job);
        var template = job.AtPath("spec.template") as JsonObject ?? new JsonObject();
        var labels = template.AtPath("metadata.labels")?.DeepClone() as JsonObject ?? new JsonObject();
        labels["batch.kubernetes.io/controller-uid"] = uid;
        labels["batch.kubernetes.io/job-name"] = jobName;
        labels["controller-uid"] = uid;
        labels["job-name"] = jobName;
        var meta = new JsonObject
        {
            ["name"] = ObjectMetadata.GenerateName((jobName.Length > 57 ? jobName[..57] : jobName) + "-"),
            ["namespace"] = ns,
            ["labels"] = labels,
            ["ownerReferences"] = new JsonArray(BatchObjects.OwnerReference(job, "batch/v1", "Job")),
        };
        if (template.AtPath("metadata.annotations")?.DeepClone() is JsonObject annotations) meta["annotations"] = annotations;
        var spec = template["spec"]?.DeepClone() as JsonObject ?? new JsonObject();
        spec["restartPolicy"] ??= "Never";
        spec["schedulerName"] ??= "default-scheduler";
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["serviceAccountName"] ??= "default";
        foreach (var container in Containers(spec).Concat(InitContainers(spec)))
        {
            container["terminationMessagePath"] ??= "/dev/termination-log";
            container["terminationMessagePolicy"] ??= "File";
            container["imagePullPolicy"] ??= "IfNotPresent";
        }
        try
        {
            sim.Store.Create(podDef, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = meta,
                ["spec"] = spec,
                ["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" },
            });
        }
        catch (ApiException)
        {
            // name collision: the next step tries again with another name
        }
    }

    private void AdvancePod(ResourceDefinition podDef, JsonObject job, JsonObject pod)
    {
        var now = sim.Store.Time.GetUtcNow();
        var ns = JsonHelpers.NamespaceOf(pod);
        var name = JsonHelpers.NameOf(pod)!;
        switch (Phase(pod))
        {
            case "Pending" when InitContainers(pod.AtPath("spec") as JsonObject).Any() && pod.AtPath("status.initContainerStatuses") is null:
                Initialize(podDef, pod, now);
                break;
            case "Pending":
                sim.Store.Mutate(podDef, ns, name, o =>
                {
                    if (o["spec"] is JsonObject spec) spec["nodeName"] = NodeName;
                    var s = BatchObjects.Status(o);
                    s["phase"] = "Running";
                    s["hostIP"] = "10.0.0.11";
                    s["podIP"] ??= $"10.244.{Random.Shared.Next(1, 254)}.{Random.Shared.Next(2, 254)}";
                    s["startTime"] ??= JsonHelpers.Timestamp(now);
                    s["conditions"] = PodConditions(now, ready: true);
                    s["containerStatuses"] = new JsonArray(Containers(o["spec"] as JsonObject).Select(c => (JsonNode)ContainerStatus(c,
                        new JsonObject { ["running"] = new JsonObject { ["startedAt"] = JsonHelpers.Timestamp(now) } }, ready: true)).ToArray());
                    return true;
                });
                break;
            case "Running":
                var started = BatchObjects.Time(pod.AtPath("status.startTime").ScalarText()) ?? now;
                var runSeconds = double.TryParse(BatchObjects.Annotation(job, pod, BatchObjects.RunSecondsAnnotation), NumberStyles.Float, CultureInfo.InvariantCulture, out var rs) ? rs : 0;
                if (now < started.AddSeconds(runSeconds)) return;
                Terminate(podDef, job, pod, started, now);
                break;
        }
    }

    /// <summary>The kubelet runs the init containers one after another before any main container: here all of them
    /// complete at once, and the pod stays Pending with its main containers waiting to start.</summary>
    private void Initialize(ResourceDefinition podDef, JsonObject pod, DateTimeOffset now)
    {
        sim.Store.Mutate(podDef, JsonHelpers.NamespaceOf(pod), JsonHelpers.NameOf(pod)!, o =>
        {
            if (o["spec"] is JsonObject spec) spec["nodeName"] = NodeName;
            var s = BatchObjects.Status(o);
            s["hostIP"] = "10.0.0.11";
            s["podIP"] = $"10.244.{Random.Shared.Next(1, 254)}.{Random.Shared.Next(2, 254)}";
            s["startTime"] = JsonHelpers.Timestamp(now);
            s["conditions"] = PodConditions(now, ready: false, "ContainersNotReady");
            s["initContainerStatuses"] = new JsonArray(InitContainers(o["spec"] as JsonObject).Select(c => (JsonNode)ContainerStatus(c,
                new JsonObject
                {
                    ["terminated"] = new JsonObject
                    {
                        ["exitCode"] = 0,
                        ["reason"] = "Completed",
                        ["startedAt"] = JsonHelpers.Timestamp(now),
                        ["finishedAt"] = JsonHelpers.Timestamp(now),
                        ["containerID"] = "containerd://" + Guid.NewGuid().ToString("N"),
                    },
                }, ready: false)).ToArray());
            s["containerStatuses"] = new JsonArray(Containers(o["spec"] as JsonObject).Select(c => (JsonNode)ContainerStatus(c,
                new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "PodInitializing" } }, ready: false)).ToArray());
            return true;
        });
    }

    private void Terminate(ResourceDefinition podDef, JsonObject job, JsonObject pod, DateTimeOffset started, DateTimeOffset now)
    {
        var uid = BatchObjects.Uid(job);
        int exitCode;
        string? failureMessage = null;
        if (_failures.TryGetValue(uid, out var failure) && failure.Remaining > 0)
        {
            exitCode = failure.Rule.ExitCode == 0 ? 1 : failure.Rule.ExitCode;
            failureMessage = failure.Rule.Message;
            _failures[uid] = (failure.Rule, failure.Remaining - 1);
        }
        else if (HttpUnreachable(pod) is { } refused)
        {
            exitCode = 1;
            failureMessage = refused;
        }
        else if (int.TryParse(BatchObjects.Annotation(job, pod, BatchObjects.ExitCodeAnnotation), out var annotated) && annotated != 0)
        {
            exitCode = annotated;
        }
        else
        {
            exitCode = 0;
        }
        var succeeded = exitCode == 0;
        sim.Store.Mutate(podDef, JsonHelpers.NamespaceOf(pod), JsonHelpers.NameOf(pod)!, o =>
        {
            var s = BatchObjects.Status(o);
            s["phase"] = succeeded ? "Succeeded" : "Failed";
            s["conditions"] = PodConditions(now, ready: false, succeeded ? "PodCompleted" : "PodFailed");
            var statuses = new JsonArray();
            foreach (var container in Containers(o["spec"] as JsonObject))
            {
                var message = succeeded
                    ? _reports.TryGetValue(uid, out var reported) ? TerminationMessages.Truncate(reported) : TerminationMessages.ForSuccess(job, o, container, started, now)
                    : TerminationMessages.Truncate(failureMessage ?? TerminationMessages.Verbatim(job, o, container) ?? TerminationMessages.DefaultFailure(exitCode));
                var terminated = new JsonObject
                {
                    ["exitCode"] = exitCode,
                    ["reason"] = succeeded ? "Completed" : "Error",
                    ["startedAt"] = JsonHelpers.Timestamp(started),
                    ["finishedAt"] = JsonHelpers.Timestamp(now),
                    ["containerID"] = "containerd://" + Guid.NewGuid().ToString("N"),
                };
                if (!string.IsNullOrEmpty(message)) terminated["message"] = message;
                statuses.Add(ContainerStatus(container, new JsonObject { ["terminated"] = terminated }, ready: false));
            }
            s["containerStatuses"] = statuses;
            return true;
        });
    }

    /// <summary>The network's part for a pod that fetches <c>http://service:port/...</c> with curl or wget (a restore drill's
    /// HTTP check, say): it gets an answer only when a Service of that name in the pod's namespace exposes the port and a ready
    /// Deployment or StatefulSet matches its selector; otherwise it fails the way curl does. Null when the pod fetches nothing
    /// or reaches its Service.</summary>
    private string? HttpUnreachable(JsonObject pod)
    {
        var text = string.Join(' ', Containers(pod["spec"] as JsonObject)
            .SelectMany(c => new[] { c["command"], c["args"] }).OfType<JsonArray>().SelectMany(a => a.Select(x => x.ScalarText() ?? "")));
        if (!text.Contains("curl", StringComparison.Ordinal) && !text.Contains("wget", StringComparison.Ordinal)) return null;
        var url = System.Text.RegularExpressions.Regex.Match(text, @"http://([a-z0-9]([-a-z0-9]*[a-z0-9])?):([0-9]+)(/[^\s'""]*)?");
        if (!url.Success) return null;
        var (host, port, ns) = (url.Groups[1].Value, url.Groups[3].Value, JsonHelpers.NamespaceOf(pod));
        string Fail(string why) => $"{{\"passed\":false,\"detail\":\"GET {url.Value} failed: {why}\"}}";
        var serviceDef = sim.Definition("v1", "Service");
        if (serviceDef is null || sim.Store.Get(serviceDef, ns, host) is not { } service) return Fail($"Could not resolve host: {host}");
        if (service.AtPath("spec.ports") is not JsonArray ports || !ports.OfType<JsonObject>().Any(p => p["port"].ScalarText() == port))
            return Fail($"Failed to connect to {host} port {port}: Connection refused");
        var selector = service.AtPath("spec.selector") as JsonObject;
        var backends = new[] { sim.Definition("apps/v1", "Deployment"), sim.Definition("apps/v1", "StatefulSet") }.OfType<ResourceDefinition>()
            .SelectMany(d => sim.Store.List(d, ns).Items)
            .Where(w => selector is { Count: > 0 } && selector.All(l => w.AtPath("spec.template.metadata.labels")?[l.Key].ScalarText() == l.Value.ScalarText()))
            .Any(w => (w.AtPath("status.readyReplicas").Long() ?? 0) > 0);
        return backends ? null : Fail($"Failed to connect to {host} port {port}: Connection refused (no ready endpoints)");
    }

    private static JsonObject ContainerStatus(JsonObject container, JsonObject state, bool ready)
    {
        var image = container.StringProperty("image") ?? "";
        return new JsonObject
        {
            ["name"] = container.StringProperty("name"),
            ["image"] = image,
            ["imageID"] = $"{image.Split(':')[0]}@sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(image)))}",
            ["ready"] = ready,
            ["started"] = ready,
            ["restartCount"] = 0,
            ["state"] = state,
        };
    }

    private static JsonArray PodConditions(DateTimeOffset now, bool ready, string? reason = null)
    {
        var list = new JsonArray();
        foreach (var type in new[] { "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled" })
        {
            var isReady = type is "Ready" or "ContainersReady" ? ready : type != "PodReadyToStartContainers" || ready;
            var c = new JsonObject { ["type"] = type, ["status"] = isReady ? "True" : "False", ["lastProbeTime"] = null, ["lastTransitionTime"] = JsonHelpers.Timestamp(now) };
            if (!isReady && reason is not null) c["reason"] = reason;
            list.Add(c);
        }
        return list;
    }

    private static IEnumerable<JsonObject> Containers(JsonObject? podSpec) =>
        podSpec?["containers"] is JsonArray a ? a.OfType<JsonObject>() : [];

    private static IEnumerable<JsonObject> InitContainers(JsonObject? podSpec) =>
        podSpec?["initContainers"] is JsonArray a ? a.OfType<JsonObject>() : [];

    private static string? Phase(JsonObject pod) => pod.AtPath("status.phase").ScalarText();

    private void TryDelete(ResourceDefinition def, JsonObject obj)
    {
        try
        {
            sim.Store.Delete(def, JsonHelpers.NamespaceOf(obj), JsonHelpers.NameOf(obj)!);
        }
        catch (ApiException)
        {
            // already gone
        }
    }
}
