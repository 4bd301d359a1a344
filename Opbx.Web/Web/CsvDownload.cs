namespace Opbx.Web;

/// <summary>Streams a CSV file to the browser as a download.</summary>
public static class CsvDownload
{
    public static async Task WriteAsync(HttpResponse response, string fileName, Func<TextWriter, Task> write)
    {
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using var writer = new StreamWriter(response.Body);
        await write(writer);
    }
}
