using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Protection;
using Portal.Domain.Requests;

namespace Portal.Kubernetes;

/// <summary>Turns the portal's wishes into the exact Velero objects sent to the API server. Pure functions, public so
/// the test suite can check their output against the real CRDs.</summary>
public static class VeleroObjectBuilder
{
    /// <summary>A <c>velero.io/v1</c> Backup of one namespace.</summary>
    public static JsonObject Backup(VeleroBackupSpec spec, string veleroNamespace)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Ttl, "A backup's time to live must be positive.");
        }

        var body = new JsonObject
        {
            ["includedNamespaces"] = new JsonArray(spec.Namespace),
            ["ttl"] = GoDuration.Format(spec.Ttl),
        };
        if (!string.IsNullOrWhiteSpace(spec.StorageLocation))
        {
            body["storageLocation"] = spec.StorageLocation;
        }

        // Both flags are always written: a Velero server may run with --default-volumes-to-fs-backup, and an
        // omitted field would then silently pick a mode the owner did not choose.
        switch (spec.VolumeMode)
        {
            case VolumeBackupMode.Snapshot:
                body["snapshotVolumes"] = true;
                body["defaultVolumesToFsBackup"] = false;
                break;
            case VolumeBackupMode.FileSystem:
                body["snapshotVolumes"] = false;
                body["defaultVolumesToFsBackup"] = true;
                break;
            case VolumeBackupMode.None:
                body["snapshotVolumes"] = false;
                body["defaultVolumesToFsBackup"] = false;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), spec.VolumeMode, "Unknown volume backup mode.");
        }

        return Envelope("Backup", spec.Name, veleroNamespace, spec.Labels, body);
    }

    /// <summary>A <c>velero.io/v1</c> Schedule that backs up one namespace. The cron names its zone
    /// (<c>CRON_TZ=Europe/Berlin 0 2 * * *</c>, as Velero's cron library reads it), so the time does not depend on
    /// where Velero runs. The first backup is made at once (a namespace is protected from the start, not from the first
    /// run), and backups are not owned by the schedule: removing the protection keeps them until their TTL.</summary>
    public static JsonObject Schedule(VeleroScheduleSpec spec, string veleroNamespace)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.Cron);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.TimeZone);
        if (spec.Ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Ttl, "A schedule's time to live must be positive.");
        }

        var template = new JsonObject();
        if (spec.ClusterResourcesOnly)
        {
            // Velero's new-style filters (they cannot be mixed with includeClusterResources or excludedResources):
            // every cluster-scoped type, no namespaced one, so no namespace's Secrets are in it.
            template["includedClusterScopedResources"] = new JsonArray("*");
            template["excludedNamespaceScopedResources"] = new JsonArray("*");
            if (spec.ExcludedResources.Count > 0)
            {
                template["excludedClusterScopedResources"] = new JsonArray([.. spec.ExcludedResources.Select(r => (JsonNode)r)]);
            }
        }
        else
        {
            template["includedNamespaces"] = new JsonArray(spec.Namespace);
        }

        template["ttl"] = GoDuration.Format(spec.Ttl);
        if (!string.IsNullOrWhiteSpace(spec.StorageLocation))
        {
            template["storageLocation"] = spec.StorageLocation;
        }

        if (!spec.ClusterResourcesOnly && spec.ExcludedResources.Count > 0)
        {
            template["excludedResources"] = new JsonArray([.. spec.ExcludedResources.Select(r => (JsonNode)r)]);
        }

        if (!spec.ClusterResourcesOnly && spec.Hooks is { Count: > 0 } hooks)
        {
            template["hooks"] = new JsonObject { ["resources"] = new JsonArray([.. hooks.Select(h => (JsonNode)Hook(h, spec.Namespace))]) };
        }

        // Every flag is written, as for a one-off backup: a server default must not pick a mode the policy did not choose.
        var (snapshot, fileSystem, moveData) = spec.Volumes switch
        {
            VolumeProtection.None => (false, false, false),
            VolumeProtection.FileSystemBackup => (false, true, false),
            VolumeProtection.CsiSnapshots => (true, false, false),
            VolumeProtection.CsiSnapshotsMovedToObjectStorage => (true, false, true),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Volumes, "Unknown volume protection."),
        };
        template["snapshotVolumes"] = snapshot;
        template["defaultVolumesToFsBackup"] = fileSystem;
        template["snapshotMoveData"] = moveData;
        template["metadata"] = new JsonObject { ["labels"] = LabelObject(spec.Labels) };

        var body = new JsonObject
        {
            ["schedule"] = $"CRON_TZ={spec.TimeZone.Trim()} {spec.Cron.Trim()}",
            ["paused"] = spec.Paused,
            ["skipImmediately"] = false,
            ["useOwnerReferencesInBackup"] = false,
            ["template"] = template,
        };
        return Envelope("Schedule", spec.Name, veleroNamespace, spec.Labels, body);
    }

    /// <summary>One entry of a backup's <c>hooks.resources</c>: the hook's command, run (pre or post) in the pods of
    /// <paramref name="namespace"/> that carry its labels, in its container (the pod's first when none is named).</summary>
    private static JsonObject Hook(BackupHook hook, string @namespace)
    {
        var exec = new JsonObject();
        if (!string.IsNullOrWhiteSpace(hook.Container))
        {
            exec["container"] = hook.Container.Trim();
        }

        exec["command"] = new JsonArray([.. hook.Command.Select(c => (JsonNode)c)]);
        exec["onError"] = hook.OnError == HookOnError.Fail ? "Fail" : "Continue";
        exec["timeout"] = GoDuration.Format(hook.Timeout);
        var resource = new JsonObject
        {
            ["name"] = hook.Name,
            ["includedNamespaces"] = new JsonArray(@namespace),
        };
        var podLabels = hook.PodLabels();
        if (podLabels.Count > 0)
        {
            resource["labelSelector"] = new JsonObject { ["matchLabels"] = LabelObject(podLabels) };
        }

        resource[hook.Phase == HookPhase.Pre ? "pre" : "post"] = new JsonArray(new JsonObject { ["exec"] = exec });
        return resource;
    }

    /// <summary>A <c>velero.io/v1</c> Restore of one namespace from one backup, optionally into another namespace.</summary>
    public static JsonObject Restore(VeleroRestoreSpec spec, string veleroNamespace)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var body = new JsonObject
        {
            ["backupName"] = spec.BackupName,
            ["includedNamespaces"] = new JsonArray(spec.SourceNamespace),
        };
        if (!string.Equals(spec.SourceNamespace, spec.TargetNamespace, StringComparison.Ordinal))
        {
            body["namespaceMapping"] = new JsonObject { [spec.SourceNamespace] = spec.TargetNamespace };
        }

        // The CRD declares existingResourcePolicy as a free string; Velero accepts "none" and "update", and
        // treats an absent value as "none". Only the non-default is written.
        if (spec.ExistingResourcePolicy == ExistingResourcePolicy.Update)
        {
            body["existingResourcePolicy"] = "update";
        }

        body["restorePVs"] = spec.RestoreVolumes;
        if (spec.Modifiers is { Count: > 0 } rules)
        {
            // Velero compares the reference's kind with "configmap" ignoring case; its CLI writes it in lower case.
            body["resourceModifier"] = new JsonObject { ["kind"] = "configmap", ["name"] = RestoreModifiersName(rules) };
        }

        return Envelope("Restore", spec.Name, veleroNamespace, spec.Labels, body);
    }

    /// <summary>The ConfigMap in Velero's namespace that holds restore resource modifier rules, as Velero reads it: one
    /// data entry with <c>version: v1</c> and <c>resourceModifierRules</c> (written as JSON, which YAML reads as it is).
    /// Its name is a fingerprint of the rules, so every restore with the same rules shares one ConfigMap, made once and
    /// never changed: nothing to clean up after a restore and nothing a running restore could see change.</summary>
    public static JsonObject RestoreModifiersConfigMap(IReadOnlyList<RestoreModifierRule> rules, string veleroNamespace)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(veleroNamespace);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = RestoreModifiersName(rules),
                ["namespace"] = veleroNamespace,
                ["labels"] = new JsonObject { [PortalLabels.ManagedBy] = PortalLabels.ManagedByValue },
            },
            ["data"] = new JsonObject { [RestoreModifiersKey] = RestoreModifiersDocument(rules) },
        };
    }

    /// <summary>The data key of <see cref="RestoreModifiersConfigMap"/> (Velero takes the ConfigMap's only entry).</summary>
    public const string RestoreModifiersKey = "resource-modifiers.yaml";

    public static string RestoreModifiersName(IReadOnlyList<RestoreModifierRule> rules)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(RestoreModifiersDocument(rules)));
        return "portal-restore-modifiers-" + Convert.ToHexStringLower(hash)[..16];
    }

    private static string RestoreModifiersDocument(IReadOnlyList<RestoreModifierRule> rules)
    {
        var list = new JsonArray();
        foreach (var rule in rules)
        {
            var conditions = new JsonObject { ["groupResource"] = rule.GroupResource };
            if (rule.NameRegex is { Length: > 0 } regex)
            {
                conditions["resourceNameRegex"] = regex;
            }

            var patches = new JsonArray();
            foreach (var patch in rule.Patches)
            {
                var op = new JsonObject { ["operation"] = patch.Operation, ["path"] = patch.Path };
                if (patch.Value is not null)
                {
                    op["value"] = patch.Value;
                }

                patches.Add(op);
            }

            list.Add(new JsonObject { ["conditions"] = conditions, ["patches"] = patches });
        }

        return new JsonObject { ["version"] = "v1", ["resourceModifierRules"] = list }.ToJsonString();
    }

    /// <summary>The labels in key order, so the same wish always makes the same object.</summary>
    private static JsonObject LabelObject(IReadOnlyDictionary<string, string> labels)
    {
        var o = new JsonObject();
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            o[key] = value;
        }

        return o;
    }

    private static JsonObject Envelope(string kind, string name, string veleroNamespace,
        IReadOnlyDictionary<string, string> labels, JsonObject spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(veleroNamespace);
        var labelObject = LabelObject(labels);
        if (!labelObject.ContainsKey(PortalLabels.ManagedBy))
        {
            labelObject[PortalLabels.ManagedBy] = PortalLabels.ManagedByValue;
        }

        return new JsonObject
        {
            ["apiVersion"] = VeleroApi.ApiVersion,
            ["kind"] = kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = veleroNamespace,
                ["labels"] = labelObject,
            },
            ["spec"] = spec,
        };
    }
}
