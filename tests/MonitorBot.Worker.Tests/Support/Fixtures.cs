namespace MonitorBot.Worker.Tests.Support;

public static class Fixtures
{
    public const string Rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Test Outlet</title><link>https://outlet.example/</link>
        <item><title>KIA fighters seize Bhamo outpost as rare earth trucks halt</title><link>https://outlet.example/a</link><guid>a</guid><pubDate>Mon, 12 May 2025 08:00:00 +0000</pubDate><description>Kachin Independence Army fighters took an outpost near Bhamo.</description></item>
        <item><title>Local bakery wins national bread award</title><link>https://outlet.example/b</link><guid>b</guid><pubDate>Mon, 12 May 2025 09:00:00 +0000</pubDate><description>The bakery's sourdough impressed judges.</description></item>
        </channel></rss>
        """;
}
