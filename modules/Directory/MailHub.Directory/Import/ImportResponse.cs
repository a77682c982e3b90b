namespace MailHub.People.Import;

/// <summary>What an uploaded row does (or did, once applied).</summary>
internal enum RowOutcome
{
    Created,
    Updated,
    Unchanged,
    Error,
}

/// <summary>
/// Why a row cannot be imported: the column's key (account, name, departments, email, mobile, position, status), the cell as the
/// spreadsheet names it (D7), a code the console words in the user's language, and the reason in English.
/// </summary>
internal sealed record RowError(string Column, string Cell, string Code, string Message);

/// <summary>One row of the upload: its number as the spreadsheet shows it (the header is row 1).</summary>
internal sealed record ImportRowResponse(int Row, string? Account, RowOutcome Outcome, IReadOnlyList<RowError> Errors);

/// <summary>
/// The preview (or, with apply=true, the result) of an upload: every row's outcome and the counts. departmentsCreated counts the
/// departments the paths name that do not exist yet (created by the apply).
/// </summary>
internal sealed record ImportResponse(
    IReadOnlyList<ImportRowResponse> Rows, int Created, int Updated, int Unchanged, int Failed, int DepartmentsCreated, bool Applied);
