using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Batch;
using Portal.ClusterSimulator.CloudNativePg;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Validation;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>
/// The validation rules that are code, not schema, in the real server (and CloudNativePG's admission webhook), for
/// the kinds the simulator plays: a CronJob's schedule and time zone, a Job pod template's restartPolicy, a
/// ScheduledBackup's six-field schedule, the CSI snapshot CRDs' CEL rules on their sources and references. Reported as 422 Invalid causes like schema errors.
/// </summary>
internal static class BuiltInRules
{
    public static IReadOnlyList<SchemaError> Check(ResourceDefinition def, JsonObject obj)
    {
        var errors = new List<SchemaError>();
        switch (def.Group, def.Kind)
        {
            case ("batch", "Job"):
                CheckPodTemplate(obj.AtPath("spec.template"), "spec.template", errors);
                break;
            case ("batch", "CronJob"):
                var schedule = obj.AtPath("spec.schedule").ScalarText();
                if (string.IsNullOrWhiteSpace(schedule))
                    errors.Add(new SchemaError("spec.schedule", SchemaErrorReasons.Required, "spec.schedule: Required value"));
                else if (CronJobReconciler.ParseSchedule(schedule) is null)
                    errors.Add(new SchemaError("spec.schedule", SchemaErrorReasons.Invalid, $"spec.schedule: Invalid value: \"{schedule}\": unparseable cron expression"));
                var zone = obj.AtPath("spec.timeZone").ScalarText();
                if (zone is not null && (zone.Length == 0 || CronJobReconciler.ParseTimeZone(zone) is null))
                    errors.Add(new SchemaError("spec.timeZone", SchemaErrorReasons.Invalid, $"spec.timeZone: Invalid value: \"{zone}\": unknown time zone {zone}"));
                var policy = obj.AtPath("spec.concurrencyPolicy").ScalarText();
                if (policy is not null and not ("Allow" or "Forbid" or "Replace"))
                    errors.Add(new SchemaError("spec.concurrencyPolicy", SchemaErrorReasons.NotSupported,
                        $"spec.concurrencyPolicy: Unsupported value: \"{policy}\": supported values: \"Allow\", \"Forbid\", \"Replace\""));
                CheckPodTemplate(obj.AtPath("spec.jobTemplate.spec.template"), "spec.jobTemplate.spec.template", errors);
                break;
            case ("snapshot.storage.k8s.io", "VolumeSnapshot"):
                ExactlyOne(obj.AtPath("spec.source"), "spec.source", "volumeSnapshotContentName", "persistentVolumeClaimName", errors);
                NotEmpty(obj.AtPath("spec.volumeSnapshotClassName"), "spec.volumeSnapshotClassName", errors);
                break;
            case ("snapshot.storage.k8s.io", "VolumeSnapshotContent"):
                ExactlyOne(obj.AtPath("spec.source"), "spec.source", "volumeHandle", "snapshotHandle", errors);
                if (obj.AtPath("spec.volumeSnapshotRef") is JsonObject reference && (reference["name"] is null || reference["namespace"] is null))
                    errors.Add(Cel("spec.volumeSnapshotRef", "both spec.volumeSnapshotRef.name and spec.volumeSnapshotRef.namespace must be set"));
                break;
            case ("groupsnapshot.storage.k8s.io", "VolumeGroupSnapshot"):
                ExactlyOne(obj.AtPath("spec.source"), "spec.source", "selector", "volumeGroupSnapshotContentName", errors);
                NotEmpty(obj.AtPath("spec.volumeGroupSnapshotClassName"), "spec.volumeGroupSnapshotClassName", errors);
                break;
            case ("groupsnapshot.storage.k8s.io", "VolumeGroupSnapshotContent"):
                ExactlyOne(obj.AtPath("spec.source"), "spec.source", "volumeHandles", "groupSnapshotHandles", errors);
                if (obj.AtPath("spec.volumeGroupSnapshotRef") is JsonObject groupRef && (groupRef["name"] is null || groupRef["namespace"] is null))
                    errors.Add(Cel("spec.volumeGroupSnapshotRef", "both volumeGroupSnapshotRef.name and volumeGroupSnapshotRef.namespace must be set"));
                break;
            case ("postgresql.cnpg.io", "ScheduledBackup"):
                var cron = obj.AtPath("spec.schedule").ScalarText();
                if (cron is not null && CnpgReconciler.ParseSchedule(cron) is null)
                    errors.Add(new SchemaError("spec.schedule", SchemaErrorReasons.Invalid,
                        $"spec.schedule: Invalid value: \"{cron}\": expected 6 fields (seconds minutes hours day-of-month month day-of-week)"));
                break;
        }
        return errors;
    }

    // The CSI snapshot CRDs' x-kubernetes-validations (CEL) rules on create, with the CRDs' own messages (the schema
    // validator does not evaluate CEL).
    private static void ExactlyOne(JsonNode? source, string path, string first, string second, List<SchemaError> errors)
    {
        if (source is not JsonObject o) return; // the schema reports a missing source
        if ((o[first] is null) != (o[second] is null)) return;
        errors.Add(Cel(path, $"exactly one of {first} and {second} must be set"));
    }

    private static void NotEmpty(JsonNode? value, string path, List<SchemaError> errors)
    {
        if (value.ScalarText() is "") errors.Add(Cel(path, $"{path.Split('.')[^1]} must not be the empty string when set"));
    }

    private static SchemaError Cel(string path, string message) =>
        new(path, SchemaErrorReasons.Invalid, $"{path}: Invalid value: \"object\": {message}");

    private static void CheckPodTemplate(JsonNode? template, string path, List<SchemaError> errors)
    {
        if (template is not JsonObject) return; // the schema reports a missing template
        var restart = template.AtPath("spec.restartPolicy").ScalarText();
        if (restart is null)
            errors.Add(new SchemaError($"{path}.spec.restartPolicy", SchemaErrorReasons.Required,
                $"{path}.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""));
        else if (restart is not ("OnFailure" or "Never"))
            errors.Add(new SchemaError($"{path}.spec.restartPolicy", SchemaErrorReasons.NotSupported,
                $"{path}.spec.restartPolicy: Unsupported value: \"{restart}\": supported values: \"OnFailure\", \"Never\""));
        if (template.AtPath("spec.containers") is not JsonArray { Count: > 0 })
            errors.Add(new SchemaError($"{path}.spec.containers", SchemaErrorReasons.Required, $"{path}.spec.containers: Required value"));
    }
}
