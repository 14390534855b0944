namespace Portal.Domain.Moves;

public enum PreflightSeverity
{
    /// <summary>Allowed once someone acknowledges it.</summary>
    Warning,

    /// <summary>Blocks the migration until fixed.</summary>
    Error,
}

/// <summary>The rules, as they appear on findings.</summary>
public static class PreflightRules
{
    public const string Namespace = "namespace";
    public const string StorageClass = "storage-class";
    public const string IngressClass = "ingress-class";
    public const string CustomResource = "custom-resource";
    public const string ApiVersion = "api-version";
    public const string BackupLocation = "backup-location";
    public const string SnapshotClass = "snapshot-class";
    public const string LoadBalancer = "load-balancer";
}

/// <summary>One finding: the rule, how serious, what is wrong and what to do, and the object when it is about one.</summary>
public sealed record PreflightFinding(string Rule, PreflightSeverity Severity, string Message, ObjectKey? Object = null)
{
    public override string ToString() => $"{Severity} [{Rule}] {Message}";
}

/// <summary>All findings for one application; blocked while any is an error.</summary>
public sealed record PreflightReport(IReadOnlyList<PreflightFinding> Findings)
{
    public IReadOnlyList<PreflightFinding> Errors => Findings.Where(f => f.Severity == PreflightSeverity.Error).ToList();

    public IReadOnlyList<PreflightFinding> Warnings => Findings.Where(f => f.Severity == PreflightSeverity.Warning).ToList();

    public bool IsBlocked => Findings.Any(f => f.Severity == PreflightSeverity.Error);
}
