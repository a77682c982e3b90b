using System.Data;
using System.Net.Http.Headers;
using MiniExcelLibs;

namespace MailHub.People.Tests;

/// <summary>Spreadsheets as an admin fills them in, and their upload to the import.</summary>
internal static class Sheets
{
    public static readonly string[] English = ["Account", "Name", "Departments", "Email", "Mobile", "Position", "Status"];

    /// <summary>An XLSX with the header and the rows as given (an all-empty row stays a blank row of the sheet).</summary>
    public static byte[] Xlsx(string[] header, params string[][] rows)
    {
        using var table = new DataTable();
        foreach (var name in header)
            table.Columns.Add(name, typeof(string));
        foreach (var row in rows)
            table.Rows.Add(row.Cast<object>().ToArray());
        using var file = new MemoryStream();
        MiniExcel.SaveAs(file, table, excelType: ExcelType.XLSX);
        return file.ToArray();
    }

    /// <summary>Every row of an XLSX or CSV, the header first, as text.</summary>
    public static List<string?[]> Read(byte[] file, string format) =>
        MiniExcel.Query(new MemoryStream(file), useHeaderRow: false, excelType: format == "csv" ? ExcelType.CSV : ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(v => v?.ToString()).ToArray())
            .ToList();

    public static Task<HttpResponseMessage> ImportAsync(this HttpClient admin, byte[] file, string format = "xlsx", bool apply = false)
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(format == "csv" ? "text/csv"
            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        content.Add(part, "file", $"directory.{format}");
        return admin.PostAsync($"/api/directory/import?format={format}&apply={(apply ? "true" : "false")}", content);
    }
}
