using System.Text.RegularExpressions;
using Portal.Databases.Specs;
using Portal.Domain.Databases;

namespace Portal.Databases.Jobs;

/// <summary>
/// Where the database user and password come from: a Secret in the workload's namespace. The password is always
/// a <c>secretKeyRef</c>; the user is a <c>secretKeyRef</c> to <see cref="UsernameKey"/> or, when that is null,
/// the literal <see cref="FixedUser"/> (a user name is not a secret, e.g. <c>postgres</c> or <c>root</c>).
/// </summary>
public sealed record SecretCredentials(string SecretName, string? UsernameKey, string? FixedUser, string PasswordKey);

/// <summary>Container requests and limits as Kubernetes quantities (<c>100m</c>, <c>256Mi</c>); a null limit is omitted.</summary>
public sealed record ContainerResources(
    string CpuRequest = "100m",
    string MemoryRequest = "256Mi",
    string? CpuLimit = null,
    string? MemoryLimit = "1Gi");

/// <summary>An artifact as a dump reported it: its path relative to the mount (for S3: below the bucket's prefix,
/// see <see cref="DumpStorage.S3.ArtifactOf"/>) and its sha256.</summary>
public sealed record StoredArtifact(string Path, string Sha256);

/// <summary>
/// Everything a dump (or restore, or verification) pod needs: the engine's client image, the generated script,
/// the connection (host and port as values, credentials as a Secret reference), where the artifacts are kept
/// (<see cref="Storage"/>: a PVC, or S3 through an emptyDir), and the Job's limits. <see cref="Schedule"/> and <see cref="TimeZone"/> are only used by
/// <see cref="DumpJobManifests.CronJob"/>; a restore or verification uses the same record with its own script.
/// </summary>
public sealed partial record DumpWorkload
{
    public required string Namespace { get; init; }

    /// <summary>The CronJob's name and the prefix of the Jobs' names; longer names are cut and given a hash suffix.</summary>
    public required string BaseName { get; init; }

    /// <summary>Stamped on the CronJob, its Job template and the pod template; must hold at least one
    /// <see cref="Portal.Domain.Common.PortalLabels"/> label (e.g. <c>kubernetes-portal.io/dump-schedule-id</c>) that owns the objects.</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required DatabaseEngine Engine { get; init; }

    /// <summary>E.g. <c>postgres:16</c> from <see cref="ClientImagePolicy"/>.</summary>
    public required string Image { get; init; }

    /// <summary>The script from <c>PostgresScripts</c>/<c>MySqlScripts</c>, run as <c>/bin/sh -c script</c>.</summary>
    public required string Script { get; init; }

    /// <summary>The database Service's name (or DNS name) and port.</summary>
    public required string Host { get; init; }

    public required int Port { get; init; }

    public required SecretCredentials Credentials { get; init; }

    /// <summary>More literal environment variables (e.g. database names for a wrapper); never a password.</summary>
    public IReadOnlyDictionary<string, string> ExtraEnv { get; init; } = new Dictionary<string, string>();

    /// <summary>A volume claim, or an S3 bucket (the pod then works on an emptyDir and an <c>aws</c> container moves
    /// the artifact). Needed; <see cref="Validate"/> says so when it is missing.</summary>
    public DumpStorage? Storage { get; init; }

    /// <summary>The claim's name when <see cref="Storage"/> is a <see cref="DumpStorage.Pvc"/>. Setting it is short for
    /// <c>Storage = new DumpStorage.Pvc(name)</c>, so callers written before S3 storage keep working unchanged.</summary>
    public string? ClaimName
    {
        get => (Storage as DumpStorage.Pvc)?.ClaimName;
        init => Storage = value is null ? null : new DumpStorage.Pvc(value);
    }

    /// <summary>Where the PVC (or the S3 pod's emptyDir) is mounted; must equal the script's <c>ArtifactDirectory.MountPath</c>.</summary>
    public required string MountPath { get; init; }

    /// <summary>
    /// S3 dumps only: which older artifacts of this schedule the upload removes from the bucket. On a volume claim
    /// the dump script applies the dump spec's own retention, so this must stay <see cref="RetentionPolicy.KeepAll"/>;
    /// with S3 give the dump spec <see cref="RetentionPolicy.KeepAll"/> and the policy here.
    /// </summary>
    public RetentionPolicy Retention { get; init; } = RetentionPolicy.KeepAll;

    /// <summary>S3 restores and verifications: the artifact to download (and check) before the script runs.</summary>
    public StoredArtifact? Artifact { get; init; }

    /// <summary>Five-field cron (or a macro such as <c>@daily</c>); CronJob only.</summary>
    public string? Schedule { get; init; }

    /// <summary>IANA time zone of <see cref="Schedule"/> (e.g. <c>Europe/Berlin</c>); CronJob only.</summary>
    public string? TimeZone { get; init; }

    public ContainerResources Resources { get; init; } = new();

    /// <summary>The Job's deadline: the pod is killed and the Job fails with <c>DeadlineExceeded</c> after it.</summary>
    public long ActiveDeadlineSeconds { get; init; } = 3600;

    /// <summary>Retries of a failed pod; 0 means a failed dump is reported, not retried.</summary>
    public int BackoffLimit { get; init; }

    /// <summary>A run missed by more than this (controller down, previous run still active) is skipped.</summary>
    public long StartingDeadlineSeconds { get; init; } = 600;

    /// <summary>How long a finished Job (and its pod with the termination message) is kept for the portal to read.</summary>
    public int TtlSecondsAfterFinished { get; init; } = 86400;

    public int SuccessfulJobsHistoryLimit { get; init; } = 3;

    public int FailedJobsHistoryLimit { get; init; } = 3;

    /// <summary>What is wrong with this workload, in words; empty when the manifests can be built.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!DnsLabel().IsMatch(Namespace ?? ""))
            errors.Add($"The namespace \"{Namespace}\" is not a valid Kubernetes namespace name.");
        if (!DnsLabelPrefix().IsMatch(BaseName ?? ""))
            errors.Add($"The name \"{BaseName}\" must be lowercase letters, digits and '-', starting with a letter or digit.");
        if (Labels is null || !Labels.Keys.Any(k => k.StartsWith(DumpJobManifests.LabelPrefix, StringComparison.Ordinal)))
            errors.Add($"The workload needs an owner label ({DumpJobManifests.LabelPrefix}…) so its Jobs and pods can be found again.");
        foreach (var (key, value) in Labels ?? new Dictionary<string, string>())
            if (!KubeNames.IsValidLabel(key, value))
                errors.Add($"The label {key}={value} is not a valid Kubernetes label (value: at most 63 letters, digits, '-', '_', '.').");
        if (string.IsNullOrWhiteSpace(Image))
            errors.Add("The client image is missing.");
        if (string.IsNullOrWhiteSpace(Script))
            errors.Add("The script is missing.");
        if (string.IsNullOrWhiteSpace(Host))
            errors.Add("The database host is missing.");
        if (Port is < 1 or > 65535)
            errors.Add($"The port {Port} is not between 1 and 65535.");
        if (Credentials is null || string.IsNullOrWhiteSpace(Credentials.SecretName) || string.IsNullOrWhiteSpace(Credentials.PasswordKey))
            errors.Add("The credentials need a Secret name and the key of the password in it.");
        else if (string.IsNullOrWhiteSpace(Credentials.UsernameKey) && string.IsNullOrWhiteSpace(Credentials.FixedUser))
            errors.Add("The credentials need the Secret key of the user name, or a fixed user name.");
        if (Storage is null)
            errors.Add("Choose where the dumps are kept: a volume claim or an S3 bucket.");
        else
            errors.AddRange(Storage.Validate());
        errors.AddRange((Retention ?? RetentionPolicy.KeepAll).Validate());
        if (Storage is DumpStorage.Pvc && Retention is not null and not RetentionPolicy.All)
            errors.Add("On a volume claim the dump script applies the retention of the dump spec; leave the workload's retention at keep all.");
        if (Artifact is not null)
        {
            if (string.IsNullOrEmpty(Artifact.Path) || Artifact.Path.StartsWith('/') || !ShellQuote.IsQuotable(Artifact.Path)
                || Artifact.Path.Split('/').Any(s => s is "" or "." or "..") || ArtifactNames.KindOf(Artifact.Path) is null)
                errors.Add($"The artifact \"{Artifact.Path}\" is not a dump of this portal named relative to the mount.");
            if (!Sha256().IsMatch(Artifact.Sha256 ?? ""))
                errors.Add($"The artifact's checksum \"{Artifact.Sha256}\" is not a sha256 (64 lowercase hex digits).");
        }
        if (string.IsNullOrEmpty(MountPath) || !MountPath.StartsWith('/') || MountPath.Contains(':') || MountPath == "/tmp")
            errors.Add($"The mount path \"{MountPath}\" must be an absolute path other than /tmp.");
        foreach (var name in (ExtraEnv ?? new Dictionary<string, string>()).Keys)
            if (DumpJobManifests.ReservedEnv.Contains(name))
                errors.Add($"The environment variable {name} is set by the portal from the connection and the Secret.");
        if (ActiveDeadlineSeconds < 1)
            errors.Add("The deadline must be at least one second.");
        if (BackoffLimit < 0)
            errors.Add("The retry count cannot be negative.");
        return errors;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9][-a-z0-9]*$")]
    private static partial Regex DnsLabelPrefix();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256();
}
