using Portal.Domain.Databases;

namespace Portal.Databases.Specs;

/// <summary>Compare a restored database with the artifact it came from (tables in the dump, tables and rows
/// in the database). Same environment as the dump; <see cref="Engine"/> picks the MySQL client binary.</summary>
public sealed record VerifySpec
{
    public DatabaseEngine Engine { get; init; } = DatabaseEngine.PostgreSql;

    public required string MountPath { get; init; }

    public required string Artifact { get; init; }

    public required string Database { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(RestoreChecks.Artifact(MountPath, Artifact, new string('0', 64)));
        var kind = ArtifactNames.KindOf(Artifact ?? "");
        if (kind is null || kind == ArtifactKind.PgGlobals)
            errors.Add($"\"{Artifact}\" is not a database dump of this portal.");
        else if (ArtifactNames.IsPostgres(kind.Value) != (Engine == DatabaseEngine.PostgreSql))
            errors.Add($"\"{Artifact}\" is not a {Engine} dump.");
        errors.AddRange(Engine == DatabaseEngine.PostgreSql ? Names.PostgresName("database", Database) : Names.MySqlDatabase(Database));
        return errors;
    }
}
