using Portal.Domain.Common;

namespace Portal.Domain.Recovery;

/// <summary>What a drill check asks.</summary>
public enum DrillCheckKind
{
    /// <summary>An HTTP GET against a Service of the scratch namespace must answer with the expected status.</summary>
    HttpGet,
    /// <summary>A table of a registered database must hold at least <see cref="DrillCheck.MinimumRows"/> rows.</summary>
    SqlRowCount,
    /// <summary>A query against a registered database must return true.</summary>
    SqlQueryTrue,
}

/// <summary>One check an SRE adds to a drill, run as a short-lived Job inside the scratch namespace after every workload is
/// ready. HTTP checks need <see cref="Service"/>, <see cref="Port"/>, <see cref="Path"/>, <see cref="ExpectedStatus"/>; SQL
/// checks a registered database of the namespace (<see cref="DatabaseId"/>, addressed inside the scratch namespace) and either
/// <see cref="Table"/> with <see cref="MinimumRows"/> or <see cref="Query"/>.</summary>
public sealed record DrillCheck(DrillCheckKind Kind, string? Service = null, int? Port = null, string? Path = null, int? ExpectedStatus = null,
    Guid? DatabaseId = null, string? DatabaseName = null, string? Table = null, long? MinimumRows = null, string? Query = null)
{
    public const int MaxQuery = 2000;

    /// <summary>What is wrong with the check, in words; null when it can run.</summary>
    public string? Problem() => Kind switch
    {
        DrillCheckKind.HttpGet when KubernetesName.ExplainInvalidLabel(Service, "service name") is { } why => why,
        DrillCheckKind.HttpGet when Port is not (>= 1 and <= 65535) => "Give the service's port (1 to 65535).",
        DrillCheckKind.HttpGet when string.IsNullOrEmpty(Path) || Path[0] != '/' || Path.Length > 500 || Path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '\\' or '`' or '$')
            => "Give the path as it follows the host, starting with / (e.g. /healthz), without spaces or quotes.",
        DrillCheckKind.HttpGet when ExpectedStatus is not (>= 100 and <= 599) => "Give the HTTP status the check expects (e.g. 200).",
        DrillCheckKind.SqlRowCount or DrillCheckKind.SqlQueryTrue when DatabaseId is null => "Choose the registered database the check reads.",
        DrillCheckKind.SqlRowCount or DrillCheckKind.SqlQueryTrue when string.IsNullOrWhiteSpace(DatabaseName) => "Choose which database of the server the check reads.",
        DrillCheckKind.SqlRowCount when string.IsNullOrWhiteSpace(Table) || Table.Length > 128 || !Table.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.')
            => "Name the table (letters, digits, '_' and an optional schema before a '.').",
        DrillCheckKind.SqlRowCount when MinimumRows is not >= 0 => "Give the number of rows the table must at least hold (0 or more).",
        DrillCheckKind.SqlQueryTrue when string.IsNullOrWhiteSpace(Query) => "Write the query that must return true.",
        DrillCheckKind.SqlQueryTrue when Query!.Length > MaxQuery => $"Keep the query to {MaxQuery} characters (it has {Query.Length}).",
        DrillCheckKind.SqlQueryTrue when Query!.IndexOfAny(['\0', '\n', '\r']) >= 0 => "Write the query on one line.",
        _ => null,
    };

    /// <summary>The check in words, as the history and the evidence report show it.</summary>
    public string Describe() => Kind switch
    {
        DrillCheckKind.HttpGet => $"GET http://{Service}:{Port}{Path} answers {ExpectedStatus}",
        DrillCheckKind.SqlRowCount => $"{DatabaseName}: {Table} holds at least {MinimumRows} rows",
        _ => $"{DatabaseName}: \"{Query}\" returns true",
    };
}

/// <summary>How one check of a drill ended: what it was, whether it passed, and what it saw (the status, the count, the tool's error).</summary>
public sealed record DrillCheckResult(string Check, bool Passed, string Detail);
