using System.Text.Json.Nodes;

namespace Portal.Migrations.Transform;

/// <summary>An exported object the transform left out, and why, in words.</summary>
public sealed record SkippedObject(ObjectKey Object, string Reason)
{
    public override string ToString() => $"{Object}: {Reason}";
}

/// <summary>
/// The transform of one application: the objects to apply on the target, already in apply order, the objects
/// left out with the reason, and notes on what the transform changed that the people migrating should know
/// (fixed node ports dropped, a volume no longer pre-filled from a snapshot, ...).
/// </summary>
public sealed record TransformResult(IReadOnlyList<JsonObject> Objects, IReadOnlyList<SkippedObject> Skipped, IReadOnlyList<string> Notes)
{
    /// <summary>The objects as multi-document YAML, for viewing and download.</summary>
    public string ToYaml() => ManifestYaml.Render(Objects);

    /// <summary>The objects as YAML for people to review and download: Secret values hidden (<see cref="SecretRedaction"/>).</summary>
    public string ToReviewYaml() => ManifestYaml.Render(SecretRedaction.Redact(Objects));
}
