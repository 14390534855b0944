using Portal.Domain.Databases;

namespace Portal.Databases.Specs;

/// <summary>
/// A MySQL or MariaDB dump with mysqldump / mariadb-dump. The server and the credentials come from the Job's
/// environment (<c>MYSQL_HOST</c>, <c>MYSQL_TCP_PORT</c>, <c>MYSQL_USER</c>, <c>MYSQL_PWD</c>), never from here.
/// One database is dumped without CREATE DATABASE/USE, so it can be restored under another name;
/// several are dumped with <c>--databases</c> and restore under their own names.
/// </summary>
public sealed record MySqlDumpSpec
{
    public required string ScheduleId { get; init; }

    public DatabaseEngine Engine { get; init; } = DatabaseEngine.MySql;

    public required IReadOnlyList<string> Databases { get; init; }

    public bool SingleTransaction { get; init; } = true;

    public bool Routines { get; init; }

    public bool Triggers { get; init; } = true;

    public bool Events { get; init; }

    /// <summary>Gzip the SQL (the artifact ends in <c>.sql.gz</c>).</summary>
    public bool Gzip { get; init; } = true;

    public required ArtifactDirectory Destination { get; init; }

    public RetentionPolicy Retention { get; init; } = RetentionPolicy.KeepAll;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Names.ScheduleId(ScheduleId));
        errors.AddRange(Destination.Validate());
        errors.AddRange(Retention.Validate());
        if (Engine == DatabaseEngine.PostgreSql)
            errors.Add("A MySQL dump needs the MySQL or MariaDB engine.");
        if (Databases is null || Databases.Count == 0)
            errors.Add("Name at least one database to dump.");
        else
            errors.AddRange(Databases.SelectMany(Names.MySqlDatabase));
        return errors;
    }
}
