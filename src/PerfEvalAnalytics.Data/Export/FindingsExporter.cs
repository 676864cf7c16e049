using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PerfEvalAnalytics.Data.Export;

/// <summary>Export file formats for findings.</summary>
public enum ExportFormat
{
    /// <summary>UTF-8 CSV with BOM (opens correctly in Excel).</summary>
    Csv,

    /// <summary>Excel workbook.</summary>
    Xlsx,

    /// <summary>JSON array, camelCase.</summary>
    Json,
}

/// <summary>
/// Writes findings to CSV, XLSX or JSON. Text cells that a spreadsheet would take for a formula (starting with
/// = + - @, tab or CR) are neutralised with a leading apostrophe (OWASP CSV injection guidance), in CSV and XLSX alike.
/// </summary>
public static class FindingsExporter
{
    private static readonly string[] Headers =
    [
        "编号 Id", "规则 Rule", "标题 Title", "严重程度 Severity", "单位 Unit", "年度 Year", "类型 Kind", "项目 Project",
        "行 Line", "指标 Indicator", "说明 Message", "Message (English)", "证据 Evidence", "审阅 Review", "审阅备注 Note",
        "审阅人 Reviewer", "来源文件 File",
    ];

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Writes <paramref name="findings"/> to <paramref name="path"/>; returns how many were written.</summary>
    public static async Task<int> WriteAsync(IAsyncEnumerable<FindingListItem> findings, ExportFormat format,
        string path, CancellationToken cancellationToken)
    {
        var items = new List<FindingListItem>();
        await foreach (var f in findings.WithCancellation(cancellationToken))
        {
            items.Add(f);
        }

        // Write to a temporary file and move it into place: a failed export leaves no half-written file.
        var temp = path + ".partial";
        switch (format)
        {
            case ExportFormat.Csv:
                await WriteCsvAsync(items, temp);
                break;
            case ExportFormat.Xlsx:
                WriteXlsx(items, temp);
                break;
            default:
                await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(items, JsonOptions), cancellationToken);
                break;
        }

        File.Move(temp, path, overwrite: true);
        return items.Count;
    }

    /// <summary>A text cell made safe for spreadsheets: a leading = + - @ tab or CR gets an apostrophe in front.</summary>
    public static string Neutralize(string? text) =>
        string.IsNullOrEmpty(text) || text[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r') ? text ?? "" : "'" + text;

    private static string[] Cells(FindingListItem f) =>
    [
        f.Id.ToString(CultureInfo.InvariantCulture), f.Rule, f.Title, f.Severity.ToString(), f.Unit,
        f.Year.ToString(CultureInfo.InvariantCulture), f.Kind.ToString(), f.Project ?? "",
        f.Line?.ToString(CultureInfo.InvariantCulture) ?? "", f.Indicator ?? "", f.Message, f.MessageEn,
        JsonSerializer.Serialize(f.Evidence), f.Review.ToString(), f.ReviewNote ?? "", f.Reviewer ?? "", f.FileName,
    ];

    private static async Task WriteCsvAsync(List<FindingListItem> items, string path)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var h in Headers)
        {
            csv.WriteField(h);
        }

        await csv.NextRecordAsync();
        foreach (var f in items)
        {
            foreach (var cell in Cells(f))
            {
                csv.WriteField(Neutralize(cell));
            }

            await csv.NextRecordAsync();
        }
    }

    private static void WriteXlsx(List<FindingListItem> items, string path)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var sheetPart = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        sheetPart.Worksheet = new Worksheet(data);
        data.Append(Row(Headers));
        foreach (var f in items)
        {
            data.Append(Row(Cells(f)));
        }

        workbook.Workbook.AppendChild(new Sheets(new Sheet
        {
            Id = workbook.GetIdOfPart(sheetPart),
            SheetId = 1,
            Name = "发现 Findings",
        }));
        workbook.Workbook.Save();
    }

    private static Row Row(IEnumerable<string> cells)
    {
        var row = new Row();
        foreach (var text in cells)
        {
            // Inline strings: never a formula, whatever the text.
            row.Append(new Cell
            {
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(Neutralize(text)) { Space = SpaceProcessingModeValues.Preserve }),
            });
        }

        return row;
    }
}
