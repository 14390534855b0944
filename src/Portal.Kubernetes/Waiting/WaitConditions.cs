using System.Text.Json;

namespace Portal.Kubernetes;

/// <summary>
/// The conditions the portal waits for, read the way <c>kubectl rollout status</c> and <c>kubectl wait</c> read them,
/// each saying in words why it does not hold yet. Absence (<c>null</c>) is part of every condition.
/// </summary>
public static class WaitConditions
{
    /// <summary>A Deployment or StatefulSet (or ReplicaSet) whose pods have all gone: no replicas, none ready. A workload
    /// that no longer exists has no pods either.</summary>
    public static Readiness WorkloadStopped(JsonElement? workload)
    {
        if (workload is not { } w)
        {
            return Readiness.Ready("gone");
        }

        var status = Child(w, "status");
        var running = Math.Max(Int(status, "replicas") ?? 0, Int(status, "readyReplicas") ?? 0);
        return running == 0 ? Readiness.Ready("stopped") : Readiness.NotYet($"{running} pod(s) still running");
    }

    /// <summary>A Deployment with as many available replicas as it asks for, a StatefulSet with as many ready ones (the
    /// rule the portal's verify steps have always used); a workload that does not exist yet is not available.</summary>
    public static Readiness WorkloadAvailable(JsonElement? workload)
    {
        if (workload is not { } w)
        {
            return Readiness.NotYet("does not exist yet");
        }

        var isDeployment = VeleroStatusParser.String(w, "kind") is null or "Deployment";
        var want = Int(Child(w, "spec"), "replicas") ?? 1;
        var have = Int(Child(w, "status"), isDeployment ? "availableReplicas" : "readyReplicas") ?? 0;
        var word = isDeployment ? "available" : "ready";
        return have >= want ? Readiness.Ready($"{have} of {want} {word}") : Readiness.NotYet($"{have} of {want} {word}");
    }

    /// <summary>A PersistentVolumeClaim bound to a volume.</summary>
    public static Readiness ClaimBound(JsonElement? claim)
    {
        if (claim is not { } c)
        {
            return Readiness.NotYet("does not exist yet");
        }

        var phase = VeleroStatusParser.String(Child(c, "status"), "phase") ?? "Pending";
        return phase == "Bound" ? Readiness.Ready("Bound") : Readiness.NotYet(phase);
    }

    private static JsonElement? Child(JsonElement? e, string name) => VeleroStatusParser.Child(e, name);

    private static int? Int(JsonElement? e, string name) => VeleroStatusParser.Int(e, name);
}
