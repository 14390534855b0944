using Portal.Domain.Databases;

namespace Portal.Databases.Specs;

/// <summary>Restore of one MySQL/MariaDB artifact. Same environment as the dump.</summary>
public sealed record MySqlRestoreSpec
{
    public DatabaseEngine Engine { get; init; } = DatabaseEngine.MySql;

    public required string MountPath { get; init; }

    public required string Artifact { get; init; }

    public required string ExpectedSha256 { get; init; }

    /// <summary>The database to restore into (a dump of one database).</summary>
    public required string TargetDatabase { get; init; }

    public RestoreMode Mode { get; init; } = RestoreMode.NewDatabase;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(RestoreChecks.Artifact(MountPath, Artifact, ExpectedSha256));
        errors.AddRange(Names.MySqlDatabase(TargetDatabase));
        if (ArtifactNames.KindOf(Artifact ?? "") is not (ArtifactKind.MySqlSql or ArtifactKind.MySqlSqlGz))
            errors.Add($"\"{Artifact}\" is not a MySQL dump of this portal (.sql or .sql.gz).");
        return errors;
    }
}
