using System.Text.RegularExpressions;
using MailHub.Core.Accounts;
using MailHub.People.Bulk;
using MailHub.People.Members;

namespace MailHub.People.Import;

/// <summary>
/// What an upload would do, row by row, against the directory as it is: each row's outcome and errors, the members to
/// create and update, and the departments its paths name that do not exist yet. Pure: the apply writes it.
/// </summary>
internal sealed partial class ImportPlan
{
    public const int MaxPositionLength = 100;

    private readonly List<ImportRowResponse> rows = [];
    private readonly List<MemberState> created = [];
    private readonly List<MemberState> updated = [];
    private readonly List<MemberState> updatedBefore = [];
    private readonly List<DepartmentState> newDepartments = [];

    public IReadOnlyList<ImportRowResponse> Rows => rows;

    public IReadOnlyList<MemberState> Created => created;

    public IReadOnlyList<MemberState> Updated => updated;

    /// <summary>The members of <see cref="Updated"/> as they were (the apply enables or disables logins that change).</summary>
    public IReadOnlyList<MemberState> UpdatedBefore => updatedBefore;

    /// <summary>Departments to create, parents first.</summary>
    public IReadOnlyList<DepartmentState> NewDepartments => newDepartments;

    public ImportResponse Response(bool applied) => new(rows, created.Count, updated.Count,
        rows.Count(r => r.Outcome == RowOutcome.Unchanged), rows.Count(r => r.Outcome == RowOutcome.Error), newDepartments.Count, applied);

    /// <param name="takenEmails">Logins outside the directory's members (e.g. the first admin's), lower-cased e-mail to account id.</param>
    public static ImportPlan Of(IReadOnlyList<SheetRow> sheet, DirectorySnapshot directory, IReadOnlyDictionary<string, Guid> takenEmails,
        IReadOnlyDictionary<DirectoryColumn, int> columnIndex)
    {
        var plan = new ImportPlan();
        var newPaths = new Dictionary<(Guid?, string), DepartmentState>();
        var accountsSeen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var emailsSeen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in sheet)
        {
            var errors = new List<RowError>();
            void Fail(DirectoryColumn column, string code, string message) =>
                errors.Add(new RowError(column.Key, $"{DirectoryColumns.Letter(columnIndex.GetValueOrDefault(column))}{row.Number}", code, message));

            var account = row[DirectoryColumns.Account];
            var existing = account is null ? null : directory.MemberByAccount(account);
            if (account is null)
                Fail(DirectoryColumns.Account, "account.required", "Give the member's account: 1 to 32 letters, digits, '.', '-' or '_'.");
            else if (!AccountPattern().IsMatch(account))
                Fail(DirectoryColumns.Account, "account.invalid", $"'{account}' is not a valid account: use 1 to 32 letters (a-z, A-Z), digits, '.', '-' or '_'.");
            else if (accountsSeen.TryGetValue(account, out var first))
                Fail(DirectoryColumns.Account, "account.duplicate", $"The account '{account}' is already on row {first}: keep one row per member.");
            else
                accountsSeen[account] = row.Number;

            var name = row[DirectoryColumns.Name];
            if (name is null)
                Fail(DirectoryColumns.Name, "name.required", "Give the member's name, e.g. 张三.");
            else if (name.Length > MemberRules.MaxNameLength)
                Fail(DirectoryColumns.Name, "name.tooLong", $"Keep the name to {MemberRules.MaxNameLength} characters.");

            var email = row[DirectoryColumns.Email];
            if (email is null)
                Fail(DirectoryColumns.Email, "email.required", "Give the member's e-mail: they log in with it.");
            else if (email.Length > MemberRules.MaxEmailLength || !MemberRules.IsEmail(email))
                Fail(DirectoryColumns.Email, "email.invalid", $"'{email}' is not an e-mail address: write it like zhangsan@example.cn.");
            else if (emailsSeen.TryGetValue(email, out var first))
                Fail(DirectoryColumns.Email, "email.duplicate", $"The e-mail '{email}' is already on row {first}: each member logs in with their own.");
            else if ((directory.MemberByEmail(email) is { } owner && owner.Id != existing?.Id)
                || (takenEmails.TryGetValue(email.ToLowerInvariant(), out var accountId) && accountId != existing?.Id && directory.MemberByEmail(email) is null))
                Fail(DirectoryColumns.Email, "email.taken", $"Someone else already logs in with '{email}': give this member another e-mail.");
            if (email is not null)
                emailsSeen.TryAdd(email, row.Number);

            var mobile = row[DirectoryColumns.Mobile];
            if (mobile is not null && !MobilePattern().IsMatch(mobile))
                Fail(DirectoryColumns.Mobile, "mobile.invalid", $"'{mobile}' is not a mobile number: write digits, with or without a country code (13800138000, +86 138 0013 8000).");

            var position = row[DirectoryColumns.Position];
            if (position is not null && position.Length > MaxPositionLength)
                Fail(DirectoryColumns.Position, "position.tooLong", $"Keep the position to {MaxPositionLength} characters.");

            var active = DirectoryColumns.ParseStatus(row[DirectoryColumns.Status]);
            if (active is null)
                Fail(DirectoryColumns.Status, "status.invalid", $"'{row[DirectoryColumns.Status]}' is not a status: write active or inactive (在职 or 停用), or leave it empty.");

            var paths = (row[DirectoryColumns.Departments] ?? "")
                .Split(DirectoryColumns.ListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var pathNames = new List<string[]>();
            if (paths.Length == 0)
                Fail(DirectoryColumns.Departments, "departments.required", "Put the member in at least one department: write its path, e.g. 总部/售后.");
            foreach (var path in paths)
            {
                var names = path.Split(DirectoryColumns.PathSeparator, StringSplitOptions.TrimEntries);
                if (names.Any(n => n.Length == 0))
                    Fail(DirectoryColumns.Departments, "departments.invalid", $"'{path}' has an empty department name: write the path like 总部/售后, several separated by ';'.");
                else
                    pathNames.Add(names);
            }

            if (errors.Count > 0)
            {
                plan.rows.Add(new ImportRowResponse(row.Number, account, RowOutcome.Error, errors));
                continue;
            }

            var departmentIds = pathNames.Select(names => plan.Resolve(names, directory, newPaths)).Distinct().ToList();
            var wanted = new MemberState(existing?.Id ?? Guid.CreateVersion7(), existing?.Account ?? account!, name!, email!, mobile, position,
                existing?.Role ?? Roles.Agent, active!.Value, departmentIds, existing?.Source, existing?.ExternalId);
            RowOutcome outcome;
            if (existing is null)
            {
                plan.created.Add(wanted);
                outcome = RowOutcome.Created;
            }
            else if (Same(existing, wanted))
            {
                outcome = RowOutcome.Unchanged;
            }
            else
            {
                plan.updated.Add(wanted);
                plan.updatedBefore.Add(existing);
                outcome = RowOutcome.Updated;
            }
            plan.rows.Add(new ImportRowResponse(row.Number, account, outcome, []));
        }
        return plan;
    }

    /// <summary>The department a path names, from the top of the tree; the parts that do not exist are planned.</summary>
    private Guid Resolve(string[] names, DirectorySnapshot directory, Dictionary<(Guid?, string), DepartmentState> planned)
    {
        Guid? parent = null;
        foreach (var name in names)
        {
            var department = directory.Child(parent, name) ?? planned.GetValueOrDefault((parent, name));
            if (department is null)
            {
                department = new DepartmentState(Guid.CreateVersion7(), name, parent, Active: true, Source: null, ExternalId: null);
                planned[(parent, name)] = department;
                newDepartments.Add(department);
            }
            parent = department.Id;
        }
        return parent!.Value;
    }

    private static bool Same(MemberState a, MemberState b) =>
        a.Name == b.Name && a.Email == b.Email && a.Mobile == b.Mobile && a.Position == b.Position && a.Active == b.Active
        && a.DepartmentIds.SequenceEqual(b.DepartmentIds);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,32}$")]
    private static partial Regex AccountPattern();

    // E.164 numbers have at most 15 digits; spaces, dashes and brackets are how people write them.
    [GeneratedRegex(@"^\+?[0-9][0-9 ()\-]{4,22}$")]
    private static partial Regex MobilePattern();
}
