using System.Text.Json.Nodes;
using Portal.Domain.Moves;

namespace Portal.Execution.Moves;

/// <summary>What DatabaseMove still reads from the executor. The patches say what
/// <c>IMigrationClusterGateway.StopWorkloadAsync</c> and <c>RestoreWorkloadAsync</c> do; delete this file when
/// DatabaseMove calls those (the application's steps no longer use it).</summary>
internal sealed partial class ApplicationMigrationExecutor
{
    internal static IReadOnlyList<JsonObject> Manifests(MigrationRun m) => m.Manifests();

    internal static JsonObject QuiescePatch(QuiescedWorkload w) => Spec(w.Kind == "CronJob" ? ("suspend", true) : ("replicas", 0));

    internal static JsonObject RestorePatch(QuiescedWorkload w) =>
        Spec(w.Kind == "CronJob" ? ("suspend", w.WasSuspended ?? false) : ("replicas", w.Replicas ?? 1));

    private static JsonObject Spec((string Key, JsonNode Value) field) => new() { ["spec"] = new JsonObject { [field.Key] = field.Value } };
}
