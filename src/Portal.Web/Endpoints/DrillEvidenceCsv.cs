using System.Globalization;
using System.Text;
using Portal.Application.Features.Recovery.Drills;
using Portal.Domain.Common;

namespace Portal.Web.Endpoints;

/// <summary>The drill evidence report as CSV (RFC 4180: every field quoted when it holds a comma, quote, CR or LF, quotes doubled;
/// CRLF line ends; a field starting with =, +, - or @ gets a leading apostrophe so a spreadsheet shows it as text, not a formula).</summary>
public static class DrillEvidenceCsv
{
    public static readonly string[] Header =
    [
        "drill_id", "request_id", "asked_at_utc", "trigger", "requested_by", "cluster", "namespace", "target_cluster", "scratch_namespace",
        "backup", "backup_taken_at_utc", "restore_started_at_utc", "verified_at_utc", "result", "measured_rto_seconds", "target_rto_seconds",
        "met_target", "failure", "checks", "clean_up",
    ];

    public static string Write(DrillEvidence evidence)
    {
        var sb = new StringBuilder();
        Line(sb, Header);
        foreach (var r in evidence.Rows)
            Line(sb,
            [
                r.DrillId.ToString(), r.RequestId.ToString(), Utc(r.AskedAt), r.Trigger, r.RequestedBy, r.Cluster, r.Namespace, r.TargetCluster,
                r.ScratchNamespace, r.Backup ?? "", Utc(r.BackupTakenAt), Utc(r.RestoreStartedAt), Utc(r.VerifiedAt), r.Result,
                r.MeasuredRto is { } rto ? ((long)rto.TotalSeconds).ToString(CultureInfo.InvariantCulture) : "",
                ((long)r.TargetRto.TotalSeconds).ToString(CultureInfo.InvariantCulture), r.MetTarget ? "yes" : "no", r.Failure ?? "", r.Checks, r.CleanUp,
            ]);
        return sb.ToString();
    }

    /// <summary>The download's name: the namespace, its cluster and the day it was made ("drills-shop-frontend-prod-east-2026-12-07.csv").</summary>
    public static string FileName(DrillEvidence evidence) =>
        $"drills-{evidence.Namespace}-{Safe(evidence.Cluster)}-{evidence.GeneratedAt.UtcDateTime:yyyy-MM-dd}.csv";

    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void Line(StringBuilder sb, IEnumerable<string> fields) => sb.Append(string.Join(',', fields.Select(Field))).Append("\r\n");

    private static string Utc(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";

    private static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '-').ToArray());
}
