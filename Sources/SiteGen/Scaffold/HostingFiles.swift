import Foundation

/// What `sitegen init` writes for the hosts freelancers use: a GitHub Actions workflow that
/// builds the site with the packaged sitegen and publishes it on GitHub Pages, and a
/// `netlify.toml` that publishes `Public/` with cache headers that match sitegen's files.
enum HostingFiles {
    /// `.github/workflows/pages.yml`. It installs sitegen's .deb (scripts/package) from the
    /// address in the repository variable `SITEGEN_DEB_URL`, in Debian 12, the system the
    /// package is made and tested on, builds with the site's own address, and publishes
    /// `Public/` with GitHub's Pages actions.
    static let pagesWorkflow = """
        # Builds the site with sitegen and publishes it on GitHub Pages, at every push to main.
        # Once: Settings → Pages → Source: GitHub Actions; and Settings → Secrets and variables →
        # Actions → Variables: SITEGEN_DEB_URL = the address of sitegen's .deb (see its README, Install).
        name: Pages
        on:
          push:
            branches: [main]
          workflow_dispatch:
        permissions:
          contents: read
          pages: write
          id-token: write
        concurrency:
          group: pages
          cancel-in-progress: false
        jobs:
          build:
            runs-on: ubuntu-latest
            container: debian:12
            steps:
              - name: Tools
                run: apt-get update -qq && apt-get install -y -qq curl ca-certificates git
              - uses: actions/checkout@v4
              - id: pages
                uses: actions/configure-pages@v5
              - name: Install sitegen
                run: |
                  curl -fsSL -o /tmp/sitegen.deb "${{ vars.SITEGEN_DEB_URL }}"
                  apt-get install -y -qq /tmp/sitegen.deb
              - name: Build
                run: sitegen build --base-url "${{ steps.pages.outputs.base_url }}/"
              - uses: actions/upload-pages-artifact@v3
                with:
                  path: Public
          deploy:
            needs: build
            runs-on: ubuntu-latest
            environment:
              name: github-pages
              url: ${{ steps.deployment.outputs.page_url }}
            steps:
              - id: deployment
                uses: actions/deploy-pages@v4

        """

    /// `netlify.toml`: Netlify publishes `Public/` as sitegen built it (`sitegen build`, then
    /// `netlify deploy --prod --dir Public`); Netlify reads sitegen's `_redirects` itself.
    static let netlify = """
        # Netlify publishes Public/ as sitegen built it:
        #   sitegen build && netlify deploy --prod --dir Public
        # Netlify reads Public/_redirects (old addresses, ?p=ID) by itself.
        [build]
          publish = "Public"

        # Pages, feeds and data change with every post; the theme's files now and then.
        [[headers]]
          for = "/*"
          [headers.values]
            Cache-Control = "public, max-age=300"
        [[headers]]
          for = "/assets/*"
          [headers.values]
            Cache-Control = "public, max-age=3600"

        """
}
