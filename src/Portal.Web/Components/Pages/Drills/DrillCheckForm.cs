using Portal.Application.Features.Recovery.Drills;
using Portal.Domain.Recovery;

namespace Portal.Web.Components.Pages.Drills;

/// <summary>One check as the editor holds it while it is typed: numbers stay what was typed (null when not a whole number in range,
/// the field says why); the check's own rules (<see cref="DrillCheck.Problem"/>) are shown next to the field they are about.</summary>
public sealed class DrillCheckForm
{
    public DrillCheckKind Kind { get; set; } = DrillCheckKind.HttpGet;
    public string? Service { get; set; }
    public int? Port { get; set; }
    public string? Path { get; set; } = "/";
    public int? ExpectedStatus { get; set; } = 200;
    public Guid? DatabaseId { get; set; }
    public string? DatabaseName { get; set; }
    public string? Table { get; set; }
    public int? MinimumRows { get; set; }
    public string? Query { get; set; }

    public bool IsHttp => Kind == DrillCheckKind.HttpGet;

    public DrillCheck ToCheck() => Kind switch
    {
        DrillCheckKind.HttpGet => new DrillCheck(Kind, Service?.Trim(), Port, Path?.Trim(), ExpectedStatus),
        DrillCheckKind.SqlRowCount => new DrillCheck(Kind, DatabaseId: DatabaseId, DatabaseName: DatabaseName, Table: Table?.Trim(), MinimumRows: MinimumRows),
        _ => new DrillCheck(Kind, DatabaseId: DatabaseId, DatabaseName: DatabaseName, Query: Query?.Trim()),
    };

    public static DrillCheckForm Of(DrillCheck c) => new()
    {
        Kind = c.Kind, Service = c.Service, Port = c.Port, Path = c.Path, ExpectedStatus = c.ExpectedStatus, DatabaseId = c.DatabaseId,
        DatabaseName = c.DatabaseName, Table = c.Table, MinimumRows = c.MinimumRows is { } m && m <= int.MaxValue ? (int)m : null, Query = c.Query,
    };

    /// <summary>The check's problem, when it is about <paramref name="field"/>; null otherwise (or when the check is fine).</summary>
    public string? ProblemOf(DrillCheckField field) => ToCheck().Problem() is { } p && FieldOf(p) == field ? p : null;

    /// <summary>The problem that no single field shows; null when each problem has its field.</summary>
    public string? Problem => ToCheck().Problem();

    /// <summary>Which field a problem of <see cref="DrillCheck.Problem"/> is about.</summary>
    public DrillCheckField FieldOf(string problem) => problem switch
    {
        _ when problem.StartsWith("The service name", StringComparison.Ordinal) => DrillCheckField.Service,
        _ when problem.Contains("port", StringComparison.OrdinalIgnoreCase) => DrillCheckField.Port,
        _ when problem.Contains("path", StringComparison.OrdinalIgnoreCase) => DrillCheckField.Path,
        _ when problem.Contains("HTTP status", StringComparison.Ordinal) => DrillCheckField.ExpectedStatus,
        _ when problem.Contains("registered database", StringComparison.Ordinal) => DrillCheckField.Database,
        _ when problem.Contains("which database", StringComparison.Ordinal) => DrillCheckField.DatabaseName,
        _ when problem.Contains("rows", StringComparison.Ordinal) => DrillCheckField.MinimumRows,
        _ when problem.Contains("table", StringComparison.OrdinalIgnoreCase) => DrillCheckField.Table,
        _ when problem.Contains("query", StringComparison.OrdinalIgnoreCase) => DrillCheckField.Query,
        _ => IsHttp ? DrillCheckField.Service : DrillCheckField.Database,
    };
}

public enum DrillCheckField { Service, Port, Path, ExpectedStatus, Database, DatabaseName, Table, MinimumRows, Query }
