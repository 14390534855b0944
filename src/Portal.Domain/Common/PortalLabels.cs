using System.Text.RegularExpressions;

namespace Portal.Domain.Common;

/// <summary>The portal's label and annotation keys on the objects it creates, all in one place, under the label
/// domain the deployment configures (<c>Portal:LabelDomain</c>; default <see cref="DefaultDomain"/>). Set once at
/// start-up with <see cref="UseDomain"/>, before any object is built. The admission policy in
/// <c>deploy/target-cluster-rbac</c> keys on <see cref="ManagedBy"/> only, which does not depend on the domain.</summary>
public static partial class PortalLabels
{
    /// <summary>The label domain when none is configured. Kubernetes expects a domain the deployment owns: set
    /// <c>Portal:LabelDomain</c> (e.g. <c>portal.example.com</c>) to yours.</summary>
    public const string DefaultDomain = "kubernetes-portal.io";

    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "kubernetes-portal";

    public static string Domain { get; private set; } = DefaultDomain;

    /// <summary>The prefix of every key below, e.g. <c>kubernetes-portal.io/</c>.</summary>
    public static string Prefix => Domain + "/";

    /// <summary>On every object made for a request: the request's id.</summary>
    public static string RequestId => Prefix + "request-id";
    public static string Tenant => Prefix + "tenant";
    /// <summary>On a dump schedule's CronJob (or ScheduledBackup), its Jobs and their pods: the schedule's
    /// <c>LabelValue</c>, so the runs of one schedule are found with one label selector.</summary>
    public static string DumpScheduleId => Prefix + "dump-schedule-id";
    /// <summary>On a dump Job: what started it (schedule or manual).</summary>
    public static string Trigger => Prefix + "trigger";
    public static string JobKind => Prefix + "job-kind";
    /// <summary>Annotation on a dump Job: the run it belongs to.</summary>
    public static string RunId => Prefix + "run-id";
    /// <summary>On what a move creates on the target: the migration application's id.</summary>
    public static string MigrationApplication => Prefix + "migration-application";
    /// <summary>Annotations on a frozen GitOps object: who froze it, why, until when.</summary>
    public static string FrozenBy => Prefix + "frozen-by";
    public static string FrozenReason => Prefix + "frozen-reason";
    public static string FrozenUntil => Prefix + "frozen-until";
    /// <summary>On a protection's Velero Schedule and, through its template, on every backup it makes: the protection's
    /// id (<c>N</c> format), so the portal knows its own Schedule and the backups of one protection.</summary>
    public static string ProtectionId => Prefix + "protection-id";
    /// <summary>On a restore drill's scratch namespace, its isolation policy, its check Jobs and its Velero Restore: the drill's id
    /// (<c>N</c> format). A namespace carrying it is a drill's, never a tenant's: it cannot be claimed.</summary>
    public static string DrillId => Prefix + "drill-id";
    /// <summary>On a VolumeSnapshot a snapshot schedule asked for: the schedule's id (<c>N</c> format), so its retention
    /// finds (and deletes) only the schedule's own snapshots.</summary>
    public static string SnapshotScheduleId => Prefix + "snapshot-schedule-id";
    /// <summary>On the claims of a group snapshot when the claims share no labels that select exactly them: the request's
    /// reference (the timeline says the portal added it).</summary>
    public static string SnapshotGroup => Prefix + "snapshot-group";
    /// <summary>On the rsync pods of a claim copy.</summary>
    public static string Rsync => Prefix + "rsync";

    /// <summary>Uses <paramref name="domain"/> (a DNS subdomain, at most 253 characters) for every key from now on.</summary>
    public static void UseDomain(string domain)
    {
        if (ExplainInvalid(domain) is { } why) throw new ArgumentException(why, nameof(domain));
        Domain = domain;
    }

    /// <summary>Why <paramref name="domain"/> cannot be a label domain; null when it can.</summary>
    public static string? ExplainInvalid(string? domain) =>
        string.IsNullOrEmpty(domain) || domain.Length > 253 || !Subdomain().IsMatch(domain)
            ? $"The label domain \"{domain}\" is not valid: use a DNS subdomain you own, such as portal.example.com (lowercase letters, digits, '-' and '.', at most 253 characters)."
            : null;

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
