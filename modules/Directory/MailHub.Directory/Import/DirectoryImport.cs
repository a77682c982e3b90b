using MailHub.Core.Accounts;
using MailHub.People.Bulk;
using Npgsql;

namespace MailHub.People.Import;

/// <summary>
/// An upload's preview or apply: reads the sheet, compares it with the directory in one read, and (apply) writes the good rows
/// and the departments their paths name in one transaction, under the bulk writers' lock so the comparison still holds.
/// </summary>
internal sealed class DirectoryImport(NpgsqlDataSource dataSource)
{
    public const int MaxRows = 50_000;

    public async Task<ImportResponse> RunAsync(Stream file, SheetFormat format, bool apply, CancellationToken cancellationToken)
    {
        var sheet = DirectorySheet.Read(file, format, MaxRows);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (apply)
            await DirectoryWriter.LockAsync(transaction, cancellationToken);
        var directory = await DirectorySnapshot.ReadAsync(connection, transaction, cancellationToken);
        var emails = sheet.Rows.Select(r => r[DirectoryColumns.Email]).OfType<string>();
        var taken = await AccountBatch.FindByEmailsAsync(connection, transaction, emails, cancellationToken);
        var plan = ImportPlan.Of(sheet.Rows, directory, taken, sheet.Columns);
        if (!apply)
            return plan.Response(applied: false);

        await DirectoryWriter.CreateDepartmentsAsync(transaction, plan.NewDepartments, cancellationToken);
        await DirectoryWriter.CreateMembersAsync(transaction, plan.Created, cancellationToken);
        await DirectoryWriter.UpdateMembersAsync(transaction, plan.Updated, plan.UpdatedBefore, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return plan.Response(applied: true);
    }
}
