using Portal.Domain.Moves;
using System.Text.Json.Nodes;

namespace Portal.Moves.Transform;

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

    /// <summary>The objects as YAML for people to review and download: Secret values hidden (<see cref="SecretRedaction"/>),
    /// under a header that says the file is for review only and cannot be applied.</summary>
    public string ToReviewYaml() => ReviewHeader + ManifestYaml.Render(SecretRedaction.Redact(Objects));

    /// <summary>Opens every review YAML: with the values hidden, applying it would write the placeholders into the Secrets.</summary>
    public const string ReviewHeader =
        "# FOR REVIEW ONLY - DO NOT APPLY.\n" +
        "# Secret values are replaced by \"(hidden: N bytes)\"; `kubectl apply` of this file would write those words into the Secrets.\n" +
        "# The portal applies the real objects, values included, when the wave runs.\n";
}
