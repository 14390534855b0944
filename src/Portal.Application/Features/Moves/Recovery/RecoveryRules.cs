namespace Portal.Application.Features.Moves.Recovery;

/// <summary>What a recovery plan refuses, because its source is lost and is never contacted.</summary>
internal static class RecoveryRules
{
    public const string NoPreflight =
        "This is a recovery plan: its source cluster is lost and is never contacted, so there is no preflight against it. The plan's findings come from the portal's records; the recovery checks the replacement again before it writes.";

    public const string NoAdding =
        "This is a recovery plan: its applications come from what the portal last knew of the lost cluster. Build a new recovery plan from the cluster's page to take in namespaces added since.";
}
