using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Handlers;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Workloads;

namespace Portal.ClusterSimulator.Snapshots;

/// <summary>
/// Plays the group snapshot part of external-snapshotter, on clusters that serve <c>groupsnapshot.storage.k8s.io</c>:
/// a VolumeGroupSnapshot selects claims of its namespace by label, gets its class (named, else the default group class
/// of the claims' driver) and a VolumeGroupSnapshotContent <c>groupsnapcontent-&lt;uid&gt;</c>; the driver cuts all
/// volumes at one instant, so every member gets a VolumeSnapshot <c>snapshot-&lt;hash&gt;</c> (owned by the group, same
/// creation time) bound to a VolumeSnapshotContent that carries the member's snapshot handle. The group is ready when
/// every member is. Deleting the group deletes its members; contents follow the class's deletionPolicy.
/// </summary>
internal sealed class GroupSnapshotController(SimulatorContext sim)
{
    private const string Controller = SnapshotObjects.Controller;

    private readonly ResourceDefinition? _groups = Served(sim, "VolumeGroupSnapshot");
    private readonly ResourceDefinition? _groupContents = Served(sim, "VolumeGroupSnapshotContent");
    private readonly ResourceDefinition? _groupClasses = Served(sim, "VolumeGroupSnapshotClass");
    // the members are VolumeSnapshots of the claims' volumes: the single snapshots' controller knows their kinds and volumes
    private readonly SnapshotController _volumes = new(sim);
    private ResourceDefinition? Snapshots => _volumes.Snapshots;
    private ResourceDefinition? Contents => _volumes.Contents;
    private ResourceDefinition Claims => _volumes.Claims;

    // objects are shared across served versions; the controller reads and writes the newest one served
    private static ResourceDefinition? Served(SimulatorContext sim, string kind) =>
        sim.Definition(GroupApiVersion, kind) ?? sim.Definition(ServedApis.GroupSnapshotGroup + "/v1beta2", kind);

    public const string GroupApiVersion = ServedApis.GroupSnapshotGroup + "/v1";

    public void Step()
    {
        if (_groups is null || _groupContents is null || Snapshots is null || Contents is null) return;
        var now = sim.Store.Time.GetUtcNow();
        foreach (var content in sim.Store.List(_groupContents, null).Items) Cut(content, now);
        var groups = sim.Store.List(_groups, null).Items;
        var classes = _groupClasses is null ? [] : sim.Store.List(_groupClasses, null).Items;
        foreach (var group in groups) Sync(group, classes, now);
        Reclaim(groups);
    }

    private void Sync(JsonObject group, IReadOnlyList<JsonObject> classes, DateTimeOffset now)
    {
        var ns = JsonHelpers.NamespaceOf(group)!;
        var name = JsonHelpers.NameOf(group)!;
        var uid = group["metadata"].StringProperty("uid")!;
        var contentName = "groupsnapcontent-" + uid;
        if (sim.Store.Get(_groupContents!, null, contentName) is { } existing)
        {
            Mirror(group, existing);
            return;
        }
        if (group.AtPath("spec.source.volumeGroupSnapshotContentName") is not null)
        {
            Fail(group, "GroupSnapshotContentMissing", "pre-provisioned group snapshots are not simulated", now);
            return;
        }
        var inputFailed = $"failed to create group snapshot content with error failed to get input parameters to create group snapshot {name}: ";
        var selector = SelectorText(group.AtPath("spec.source.selector"));
        var matcher = LabelSelector.Parse(selector == "<none>" ? "" : selector); // an empty selector selects every claim, as upstream's list does
        var claims = sim.Store.List(Claims, ns).Items.Where(c => matcher.Matches(c.Labels()))
            .OrderBy(c => JsonHelpers.NameOf(c), StringComparer.Ordinal).ToList();
        if (claims.Count == 0)
        {
            Fail(group, "GroupSnapshotContentCreationFailed", inputFailed + SnapshotObjects.GoQuote($"label selector {selector} for group snapshot not applied to any PVC"), now);
            return;
        }
        var volumes = new List<JsonObject>();
        foreach (var claim in claims)
        {
            var (volume, problem) = _volumes.VolumeOf(ns, JsonHelpers.NameOf(claim)!);
            if (problem is null && volume!.AtPath("spec.csi") is null) problem = $"snapshotting non-CSI volumes is not supported, volume group snapshot:{ns}/{name}";
            if (problem is not null)
            {
                Fail(group, "GroupSnapshotContentCreationFailed", inputFailed + SnapshotObjects.GoQuote(problem), now);
                return;
            }
            volumes.Add(volume!);
        }
        var drivers = volumes.Select(v => v.AtPath("spec.csi.driver").ScalarText() ?? "").Distinct(StringComparer.Ordinal).ToList();
        var className = group.AtPath("spec.volumeGroupSnapshotClassName").ScalarText();
        JsonObject? groupClass;
        if (className is null)
        {
            var defaults = drivers.Count == 1 ? SnapshotObjects.DefaultClasses(classes, SnapshotObjects.DefaultGroupClassAnnotation, drivers[0]) : [];
            if (defaults.Count != 1)
            {
                var why = drivers.Count > 1 ? $"the selected PVCs use more than one CSI driver ({string.Join(", ", drivers)})"
                    : defaults.Count == 0 ? "cannot find default group snapshot class" : $"{defaults.Count} default group snapshot classes were found";
                Fail(group, "SetDefaultGroupSnapshotClassFailed", $"Failed to set default group snapshot class with error {why}", now);
                return;
            }
            groupClass = defaults[0];
            className = JsonHelpers.NameOf(groupClass)!;
            var chosen = className;
            sim.Store.Mutate(_groups!, ns, name, o =>
            {
                WorkloadObjects.Child(o, "spec")["volumeGroupSnapshotClassName"] = chosen;
                return true;
            });
        }
        else
        {
            groupClass = classes.FirstOrDefault(c => JsonHelpers.NameOf(c) == className);
            if (groupClass is null)
            {
                Fail(group, "GroupSnapshotContentCreationFailed",
                    inputFailed + SnapshotObjects.GoQuote($"volumegroupsnapshotclass.groupsnapshot.storage.k8s.io \"{className}\" not found"), now);
                return;
            }
        }
        var content = new JsonObject
        {
            ["apiVersion"] = _groupContents!.ApiVersion,
            ["kind"] = "VolumeGroupSnapshotContent",
            ["metadata"] = new JsonObject { ["name"] = contentName },
            ["spec"] = new JsonObject
            {
                ["volumeGroupSnapshotRef"] = new JsonObject
                {
                    ["apiVersion"] = _groups!.ApiVersion, ["kind"] = "VolumeGroupSnapshot", ["name"] = name, ["namespace"] = ns, ["uid"] = uid,
                    ["resourceVersion"] = group["metadata"].StringProperty("resourceVersion"),
                },
                ["source"] = new JsonObject { ["volumeHandles"] = new JsonArray([.. volumes.Select(v => (JsonNode?)v.AtPath("spec.csi.volumeHandle")!.DeepClone())]) },
                ["volumeGroupSnapshotClassName"] = className,
                ["deletionPolicy"] = groupClass.StringProperty("deletionPolicy") ?? "Delete",
                ["driver"] = groupClass.StringProperty("driver"),
            },
        };
        try
        {
            Mirror(group, sim.Store.Create(_groupContents, content));
        }
        catch (ApiException)
        {
            // created meanwhile
        }
    }

    /// <summary>The driver's part: cut every volume of the group at once, create the members, make them ready after the delay.</summary>
    private void Cut(JsonObject content, DateTimeOffset now)
    {
        var status = content["status"] as JsonObject;
        if (status?["readyToUse"] is JsonValue r && r.TryGetValue<bool>(out var ready) && ready) return;
        var name = JsonHelpers.NameOf(content)!;
        var ns = content.AtPath("spec.volumeGroupSnapshotRef.namespace").ScalarText();
        var groupName = content.AtPath("spec.volumeGroupSnapshotRef.name").ScalarText() ?? "";
        var driver = content.AtPath("spec.driver").ScalarText() ?? "";
        var handles = (content.AtPath("spec.source.volumeHandles") as JsonArray)?.Select(h => h.ScalarText() ?? "").ToList() ?? [];
        var (delay, neverReady, failure) = sim.Faults.SnapshotFaults(ns);
        var next = status?.DeepClone() as JsonObject ?? new JsonObject();

        if (next["volumeGroupSnapshotHandle"] is null)
        {
            var volumes = sim.Store.List(_volumes.Volumes, null).Items;
            var byHandle = handles.Select(h => volumes.FirstOrDefault(v => v.AtPath("spec.csi.volumeHandle").ScalarText() == h)).ToList();
            var foreign = byHandle.FirstOrDefault(v => v is not null && v.AtPath("spec.csi.driver").ScalarText() != driver);
            var cutFailed = $"Failed to check and update group snapshot content: failed to take group snapshot of the volumes [{string.Join(" ", handles)}]: ";
            string? error = foreign is not null
                ? cutFailed + SnapshotObjects.GoQuote($"rpc error: code = NotFound desc = volume {foreign.AtPath("spec.csi.volumeHandle").ScalarText()} not found: driver {driver} cannot snapshot a volume of driver {foreign.AtPath("spec.csi.driver").ScalarText()}")
                : failure is null ? null : cutFailed + SnapshotObjects.GoQuote(failure);
            if (error is not null)
            {
                if (status?.AtPath("error.message").ScalarText() == error) return;
                next["readyToUse"] = false;
                next["error"] = SnapshotObjects.Error(error, now);
                Write(content, next);
                return;
            }
            next.Remove("error");
            var groupHandle = "groupsnap-" + WorkloadObjects.Hex(name, 17);
            var nanos = SnapshotObjects.UnixNanos(now);
            var infos = new JsonArray();
            for (var i = 0; i < handles.Count; i++)
            {
                var size = SnapshotObjects.Bytes(byHandle[i]?.AtPath("spec.capacity.storage").ScalarText()) ?? 0;
                var snapshotHandle = SnapshotObjects.Handle(name + "/" + handles[i]);
                infos.Add(new JsonObject
                {
                    ["volumeHandle"] = handles[i], ["snapshotHandle"] = snapshotHandle, ["creationTime"] = nanos, ["restoreSize"] = size, ["readyToUse"] = false,
                });
                CreateMember(content, ns!, groupName, handles[i], snapshotHandle, groupHandle, nanos, size);
            }
            next["volumeGroupSnapshotHandle"] = groupHandle;
            next["creationTime"] = JsonHelpers.Timestamp(now);
            next["readyToUse"] = false;
            next["volumeSnapshotInfoList"] = infos;
            Write(content, next);
            return;
        }
        if (failure is not null)
        {
            var error = $"Failed to check and update group snapshot content: failed to get group snapshot status: {SnapshotObjects.GoQuote(failure)}";
            if (status?.AtPath("error.message").ScalarText() == error) return;
            next["error"] = SnapshotObjects.Error(error, now);
            Write(content, next);
            return;
        }
        next.Remove("error");
        var cutAt = DateTimeOffset.Parse(next["creationTime"].ScalarText()!, System.Globalization.CultureInfo.InvariantCulture);
        if (neverReady || now < cutAt + (delay ?? sim.Options.SnapshotReadyDelay))
        {
            Write(content, next);
            return;
        }
        // every member is ready at once: the group is ready when all of them are
        foreach (var info in (next["volumeSnapshotInfoList"] as JsonArray ?? []).OfType<JsonObject>())
        {
            info["readyToUse"] = true;
            var memberContent = MemberName("snapcontent-", name, info.StringProperty("volumeHandle") ?? "");
            sim.Store.Mutate(Contents!, null, memberContent, o =>
            {
                WorkloadObjects.Child(o, "status")["readyToUse"] = true;
                return true;
            });
        }
        next["readyToUse"] = true;
        Write(content, next);
    }

    private void CreateMember(JsonObject groupContent, string ns, string groupName, string volumeHandle, string snapshotHandle, string groupHandle, long nanos, long size)
    {
        var groupContentName = JsonHelpers.NameOf(groupContent)!;
        var snapshotName = MemberName("snapshot-", groupContentName, volumeHandle);
        var contentName = MemberName("snapcontent-", groupContentName, volumeHandle);
        var group = sim.Store.Get(_groups!, ns, groupName);
        if (group is null) return;
        var claim = sim.Store.List(Claims, ns).Items.FirstOrDefault(c =>
            sim.Store.Get(_volumes.Volumes, null, c.AtPath("spec.volumeName").ScalarText() ?? "")?.AtPath("spec.csi.volumeHandle").ScalarText() == volumeHandle);
        try
        {
            sim.Store.Create(Contents!, new JsonObject
            {
                ["apiVersion"] = SnapshotObjects.ApiVersion,
                ["kind"] = "VolumeSnapshotContent",
                ["metadata"] = new JsonObject { ["name"] = contentName },
                ["spec"] = new JsonObject
                {
                    ["volumeSnapshotRef"] = new JsonObject { ["apiVersion"] = SnapshotObjects.ApiVersion, ["kind"] = "VolumeSnapshot", ["name"] = snapshotName, ["namespace"] = ns },
                    ["source"] = new JsonObject { ["snapshotHandle"] = snapshotHandle },
                    ["deletionPolicy"] = groupContent.AtPath("spec.deletionPolicy")?.DeepClone(),
                    ["driver"] = groupContent.AtPath("spec.driver")?.DeepClone(),
                    ["sourceVolumeMode"] = "Filesystem",
                },
            });
            sim.Store.Mutate(Contents!, null, contentName, o =>
            {
                o["status"] = new JsonObject
                {
                    ["snapshotHandle"] = snapshotHandle, ["creationTime"] = nanos, ["restoreSize"] = size, ["readyToUse"] = false,
                    ["volumeGroupSnapshotHandle"] = groupHandle,
                };
                return true;
            });
            sim.Store.Create(Snapshots!, new JsonObject
            {
                ["apiVersion"] = SnapshotObjects.ApiVersion,
                ["kind"] = "VolumeSnapshot",
                ["metadata"] = new JsonObject
                {
                    ["name"] = snapshotName,
                    ["namespace"] = ns,
                    ["ownerReferences"] = new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = _groups!.ApiVersion, ["kind"] = "VolumeGroupSnapshot", ["name"] = groupName,
                        ["uid"] = group["metadata"].StringProperty("uid"), ["controller"] = true,
                    }),
                    // which claim the member is of: the portal needs it to restore one claim of the group
                    ["annotations"] = new JsonObject { ["snapshot.simulator.local/source-claim"] = claim is null ? "" : JsonHelpers.NameOf(claim) },
                },
                ["spec"] = new JsonObject { ["source"] = new JsonObject { ["volumeSnapshotContentName"] = contentName } },
            });
            sim.Store.Mutate(Snapshots!, ns, snapshotName, o =>
            {
                o["status"] = new JsonObject { ["volumeGroupSnapshotName"] = groupName, ["readyToUse"] = false };
                return true;
            });
        }
        catch (ApiException)
        {
            // created meanwhile
        }
    }

    /// <summary>Member names as the snapshotter makes them: a prefix and a hash of the group content and the volume.</summary>
    private static string MemberName(string prefix, string groupContentName, string volumeHandle) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(groupContentName + volumeHandle)))[..40];

    private void Mirror(JsonObject group, JsonObject content)
    {
        var cs = content["status"] as JsonObject;
        var status = new JsonObject { ["boundVolumeGroupSnapshotContentName"] = JsonHelpers.NameOf(content) };
        if (cs?["creationTime"] is { } created) status["creationTime"] = created.DeepClone();
        status["readyToUse"] = cs?["readyToUse"] is JsonValue r && r.TryGetValue<bool>(out var ready) && ready;
        if (cs?["error"] is JsonObject error) status["error"] = error.DeepClone();
        if (!SnapshotObjects.WriteStatus(sim, _groups!, group, status)) return;
        if (status["error"] is JsonObject e)
            SnapshotObjects.Event(sim, group, "Warning", "GroupSnapshotContentCheckandUpdateFailed", e.StringProperty("message") ?? "", Controller);
    }

    private void Fail(JsonObject group, string reason, string message, DateTimeOffset now) =>
        SnapshotObjects.Fail(sim, _groups!, group, reason, message, now);

    /// <summary>A deleted group: its member snapshots go (they are owned by it, so garbage collected) and its content
    /// follows its deletionPolicy; the members' contents follow theirs (<see cref="SnapshotController"/>).</summary>
    private void Reclaim(IReadOnlyList<JsonObject> groups)
    {
        var live = groups.Select(g => g["metadata"].StringProperty("uid")).ToHashSet(StringComparer.Ordinal);
        foreach (var snapshot in sim.Store.List(Snapshots!, null).Items)
        {
            var owner = (snapshot.AtPath("metadata.ownerReferences") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(o => o.StringProperty("kind") == "VolumeGroupSnapshot");
            if (owner is null || live.Contains(owner.StringProperty("uid"))) continue;
            SnapshotObjects.DeleteQuietly(sim, Snapshots!, JsonHelpers.NamespaceOf(snapshot), JsonHelpers.NameOf(snapshot)!);
        }
        foreach (var content in sim.Store.List(_groupContents!, null).Items)
        {
            var refUid = content.AtPath("spec.volumeGroupSnapshotRef.uid").ScalarText();
            if (string.IsNullOrEmpty(refUid) || live.Contains(refUid) || content.AtPath("spec.deletionPolicy").ScalarText() != "Delete") continue;
            SnapshotObjects.DeleteQuietly(sim, _groupContents!, null, JsonHelpers.NameOf(content)!);
        }
    }

    private void Write(JsonObject content, JsonObject status) => SnapshotObjects.WriteStatus(sim, _groupContents!, content, status);

    /// <summary>A LabelSelector object as text (what metav1.FormatLabelSelector prints and <see cref="LabelSelector"/> parses).</summary>
    public static string SelectorText(JsonNode? selector)
    {
        var parts = new List<string>();
        if (selector?["matchLabels"] is JsonObject labels)
            parts.AddRange(labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value.ScalarText()}"));
        foreach (var e in (selector?["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = e.StringProperty("key");
            var values = string.Join(",", (e["values"] as JsonArray ?? []).Select(v => v.ScalarText()));
            parts.Add(e.StringProperty("operator") switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key!,
                _ => "!" + key,
            });
        }
        return parts.Count == 0 ? "<none>" : string.Join(",", parts);
    }
}
