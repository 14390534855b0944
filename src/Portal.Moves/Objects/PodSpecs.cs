using System.Text.Json.Nodes;

namespace Portal.Moves.Objects;

/// <summary>Where pod specs live: a Pod's own spec, or the pod template of a workload.</summary>
internal static class PodSpecs
{
    public static readonly string[] ContainerLists = ["containers", "initContainers", "ephemeralContainers"];

    /// <summary>The pod specs of <paramref name="obj"/>: Pod, PodTemplate, ReplicationController, Deployment,
    /// StatefulSet, DaemonSet, ReplicaSet, Job and CronJob (also in the old extensions and apps beta groups).</summary>
    public static IEnumerable<JsonObject> Of(JsonObject obj)
    {
        var (group, _) = ApiGroups.Split(obj.StringProperty("apiVersion") ?? "");
        var spec = (group, obj.StringProperty("kind")) switch
        {
            ("", "Pod") => obj.Obj("spec"),
            ("", "PodTemplate") => obj.Obj("template").Obj("spec"),
            ("", "ReplicationController") => obj.Obj("spec").Obj("template").Obj("spec"),
            ("apps" or "extensions", "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet") => obj.Obj("spec").Obj("template").Obj("spec"),
            ("batch", "Job") => obj.Obj("spec").Obj("template").Obj("spec"),
            ("batch", "CronJob") => obj.Obj("spec").Obj("jobTemplate").Obj("spec").Obj("template").Obj("spec"),
            _ => null,
        };
        return spec is null ? [] : [spec];
    }

    /// <summary>Every container of a pod spec: containers, initContainers and ephemeralContainers.</summary>
    public static IEnumerable<JsonObject> Containers(JsonObject podSpec) =>
        ContainerLists.SelectMany(list => podSpec.Arr(list).Objects());

    /// <summary>The StatefulSet's volumeClaimTemplates (none for other kinds).</summary>
    public static IEnumerable<JsonObject> ClaimTemplates(JsonObject obj) =>
        obj.StringProperty("kind") == "StatefulSet" ? obj.Obj("spec").Arr("volumeClaimTemplates").Objects() : [];
}
