namespace MailHub.People.Import;

/// <summary>A column of the directory's spreadsheet: its key (what the API's row errors name) and its header in each language.</summary>
internal sealed record DirectoryColumn(string Key, string English, string Chinese)
{
    public string Header(SheetLanguage language) => language == SheetLanguage.Chinese ? Chinese : English;
}

internal enum SheetLanguage
{
    English,
    Chinese,
}

/// <summary>
/// The columns of the template, the import and the export, in their order. An import finds them by their header in
/// either language, in any order; an export writes them in this order, so it re-imports unchanged.
/// </summary>
internal static class DirectoryColumns
{
    public static readonly DirectoryColumn Account = new("account", "Account", "账号");
    public static readonly DirectoryColumn Name = new("name", "Name", "姓名");
    public static readonly DirectoryColumn Departments = new("departments", "Departments", "部门");
    public static readonly DirectoryColumn Email = new("email", "Email", "邮箱");
    public static readonly DirectoryColumn Mobile = new("mobile", "Mobile", "手机");
    public static readonly DirectoryColumn Position = new("position", "Position", "职务");
    public static readonly DirectoryColumn Status = new("status", "Status", "状态");

    public static readonly IReadOnlyList<DirectoryColumn> All = [Account, Name, Departments, Email, Mobile, Position, Status];

    /// <summary>Columns a sheet must have; mobile, position and status may be left out (empty, empty, active).</summary>
    public static readonly IReadOnlyList<DirectoryColumn> Required = [Account, Name, Departments, Email];

    /// <summary>The column a header names, in either language (case and spaces around it ignored).</summary>
    public static DirectoryColumn? OfHeader(string header)
    {
        var text = header.Trim();
        return All.FirstOrDefault(c => string.Equals(c.English, text, StringComparison.OrdinalIgnoreCase)
            || string.Equals(c.Key, text, StringComparison.OrdinalIgnoreCase) || c.Chinese == text);
    }

    /// <summary>The spreadsheet's letter of the column at <paramref name="index"/> (0 is A).</summary>
    public static string Letter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }

    /// <summary>A member's status as the sheet writes it, and how it reads one.</summary>
    public static string StatusText(bool active, SheetLanguage language) => (active, language) switch
    {
        (true, SheetLanguage.Chinese) => "在职",
        (false, SheetLanguage.Chinese) => "停用",
        (true, _) => "active",
        (false, _) => "inactive",
    };

    public static bool? ParseStatus(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "active" or "在职" or "启用" or "正常" => true,
        "inactive" or "停用" or "离职" or "禁用" => false,
        _ => null,
    };

    /// <summary>Department paths: names from the top of the tree down, joined by '/'; a member's several paths by ';'.</summary>
    public const char PathSeparator = '/';

    public const char ListSeparator = ';';
}
