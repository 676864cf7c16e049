using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PerfEvalAnalytics.Tests.Shared;

namespace PerfEvalAnalytics.Dashboard.Tests;

/// <summary>
/// A real server on a loopback port (Kestrel through WebApplicationFactory.UseKestrel(0)) and Debian's Chromium,
/// headless, driven by Playwright. A missing browser fails the tests with the command that installs it: end-to-end
/// tests are never skipped.
/// </summary>
public class BrowserFixture : IAsyncLifetime, IDisposable
{
    public BrowserFixture()
        : this(new DashboardFactory())
    {
    }

    /// <summary>The same browser against another configuration of the dashboard (accounts mode).</summary>
    protected BrowserFixture(DashboardFactory factory) => _factory = factory;

    /// <summary>Debian's chromium (apt-get install chromium); Playwright's own browser download is never used.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly DashboardFactory _factory;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public DashboardFactory Factory => _factory;

    public static string ScreenshotFolder { get; } = Path.Combine(TestData.RepoRoot, "artifacts", "screenshots");

    public virtual async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} not found: the end-to-end tests need Debian's Chromium and a CJK font; install them with "
                + "`apt-get install --no-install-recommends chromium fonts-wqy-microhei` (.ci/run does).");
        }

        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A fresh browser context (own cookies and local storage) and page, at laptop size, in Chinese.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "zh-CN",
            BaseURL = BaseUrl,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <summary>Goes to <paramref name="path"/> and waits until the Blazor circuit is up (interactive).</summary>
    public static async Task GotoAsync(IPage page, string path)
    {
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        await page.Locator(".shell[data-interactive=true]").WaitForAsync();
    }

    /// <summary>Saves a screenshot: the whole page, or only what the window shows (<paramref name="fullPage"/> false:
    /// e.g. a form scrolled to its flagged row).</summary>
    public static Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ScreenshotFolder, name + ".png"),
            FullPage = fullPage,
        });

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _factory.Dispose();
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }
}
