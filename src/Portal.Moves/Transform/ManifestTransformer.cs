using Portal.Domain.Moves;
using System.Text.Json.Nodes;

namespace Portal.Moves.Transform;

/// <summary>
/// Crane-style transform of one application's exported namespaced objects (as the API server returns them) into
/// what to apply on the target: leaves out what the target creates or a controller recreates, strips what belongs
/// to the source cluster, applies the namespace, storage class and registry mappings, and sorts the result into
/// apply order. The input objects are not changed. Skipped objects and notes name objects by their source key.
/// </summary>
public static class ManifestTransformer
{
    /// <exception cref="ArgumentException">The mappings are not valid (the message lists why, as <see cref="MigrationMappings.Validate"/> does).</exception>
    public static TransformResult Transform(IEnumerable<JsonObject> exported, MigrationMappings mappings)
    {
        ArgumentNullException.ThrowIfNull(exported);
        ArgumentNullException.ThrowIfNull(mappings);
        var problems = mappings.Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(mappings));

        var source = exported.ToList();
        var index = new ExportIndex(source);
        var kept = new List<JsonObject>();
        var skipped = new List<SkippedObject>();
        var notes = new List<string>();
        foreach (var obj in source)
        {
            if (LeaveOutRules.Reason(obj, index) is { } reason)
            {
                skipped.Add(new SkippedObject(ObjectKey.Of(obj), reason));
                continue;
            }
            var copy = obj.DeepClone().AsObject();
            SourceFields.Strip(copy, index, notes);
            NamespaceMentions.Note(copy, mappings.Namespaces, notes);
            NamespaceRename.Apply(copy, mappings.Namespaces);
            StorageClassMapping.Apply(copy, mappings.StorageClasses);
            ImageRegistryMapping.Apply(copy, mappings.ImageRegistries);
            kept.Add(copy);
        }
        return new TransformResult(ApplyOrder.Sort(kept), skipped, notes);
    }
}
