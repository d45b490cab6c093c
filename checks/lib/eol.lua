-- eol.lua — end-of-life dates of base distributions and language runtimes,
-- the data behind eol-base-image. One row per release cycle: product, cycle,
-- the date support ended (or ends), and the page the date comes from.
-- This file is the source of truth; frameworks/eol.md is generated from it
-- (eol.markdown(), see the header of that file). Pure data and string code:
-- no regex, no globals, so it also runs outside plimsoll.
--
-- AS OF 2026-11-27. Dates were written from the vendors' published schedules
-- (mirrored by endoflife.date); a row marked `approx` is a date announced as a
-- month or derived from a fixed cadence. Policy per product is in `policy`.
--
-- eol.lookup(product, version) → row or nil ("3.8.10" → the 3.8 row)
-- eol.releases(name, tag) → the rows an image reference (docker.parse_image) is
--   ({ row, … }, at most one per product; empty for unknown images and tags)
-- eol.images[image] → product; eol.product_names[product] → display name
-- eol.markdown() → frameworks/eol.md
-- A row is { product, cycle, eol = "YYYY-MM-DD", source, codename, approx }.
local M = {}

M.as_of = "2026-11-27"

-- What "end of life" means per product: the date after which the images
-- stop receiving security fixes without a paid subscription.
M.policy = {
  ubuntu = "end of standard support (ESM needs an Ubuntu Pro subscription; the Docker images stop being rebuilt)",
  debian = "end of Debian LTS (free security updates in the normal archive; the Docker images are rebuilt until then)",
  alpine = "end of security support of the release branch",
  centos = "end of life (CentOS Linux), end of builds (CentOS Stream)",
  rhel = "end of maintenance support (UBI images follow RHEL)",
  fedora = "end of life (one month after release N+2)",
  amazonlinux = "end of support",
  python = "end of security support",
  nodejs = "end of life (end of maintenance LTS for even releases)",
  go = "end of support (a release is supported until the second newer major release)",
  php = "end of security support",
  ruby = "end of security maintenance",
  temurin = "end of Eclipse Temurin support (at least until)",
  openjdk = "the Docker Official openjdk image is deprecated: GA tags stopped being updated",
  adoptopenjdk = "the adoptopenjdk image is deprecated in favour of eclipse-temurin",
  postgresql = "end of community support (five years after release)",
  mysql = "end of Oracle's extended support for the MySQL Community release (LTS and bugfix series)",
  mongodb = "end of life of the MongoDB Community release series",
  tomcat = "end of support of the Apache Tomcat branch",
  dotnet = "end of Microsoft support of the .NET release (the mcr.microsoft.com/dotnet images stop being rebuilt)",
}

local EOLD = "https://endoflife.date/"
-- { product, cycle, eol, source, codename, approx }
M.rows = {
  -- Ubuntu (standard support)
  { "ubuntu", "12.04", "2017-04-28", EOLD .. "ubuntu", "precise" },
  { "ubuntu", "14.04", "2019-04-25", EOLD .. "ubuntu", "trusty" },
  { "ubuntu", "16.04", "2021-04-30", EOLD .. "ubuntu", "xenial" },
  { "ubuntu", "16.10", "2017-07-20", EOLD .. "ubuntu", "yakkety" },
  { "ubuntu", "17.04", "2018-01-13", EOLD .. "ubuntu", "zesty" },
  { "ubuntu", "17.10", "2018-07-19", EOLD .. "ubuntu", "artful" },
  { "ubuntu", "18.04", "2023-05-31", EOLD .. "ubuntu", "bionic" },
  { "ubuntu", "18.10", "2019-07-18", EOLD .. "ubuntu", "cosmic" },
  { "ubuntu", "19.04", "2020-01-23", EOLD .. "ubuntu", "disco" },
  { "ubuntu", "19.10", "2020-07-17", EOLD .. "ubuntu", "eoan" },
  { "ubuntu", "20.04", "2025-05-29", EOLD .. "ubuntu", "focal" },
  { "ubuntu", "20.10", "2021-07-22", EOLD .. "ubuntu", "groovy" },
  { "ubuntu", "21.04", "2022-01-20", EOLD .. "ubuntu", "hirsute" },
  { "ubuntu", "21.10", "2022-07-14", EOLD .. "ubuntu", "impish" },
  { "ubuntu", "22.04", "2027-06-01", EOLD .. "ubuntu", "jammy" },
  { "ubuntu", "22.10", "2023-07-20", EOLD .. "ubuntu", "kinetic" },
  { "ubuntu", "23.04", "2024-01-25", EOLD .. "ubuntu", "lunar" },
  { "ubuntu", "23.10", "2024-07-11", EOLD .. "ubuntu", "mantic" },
  { "ubuntu", "24.04", "2029-05-31", EOLD .. "ubuntu", "noble" },
  { "ubuntu", "24.10", "2025-07-10", EOLD .. "ubuntu", "oracular" },
  { "ubuntu", "25.04", "2026-01-15", EOLD .. "ubuntu", "plucky", true },
  { "ubuntu", "25.10", "2026-07-09", EOLD .. "ubuntu", "questing", true },
  { "ubuntu", "26.04", "2031-05-29", EOLD .. "ubuntu", "resolute", true },
  -- Debian (LTS end)
  { "debian", "6", "2016-02-29", "https://wiki.debian.org/LTS", "squeeze" },
  { "debian", "7", "2018-05-31", "https://wiki.debian.org/LTS", "wheezy" },
  { "debian", "8", "2020-06-30", "https://wiki.debian.org/LTS", "jessie" },
  { "debian", "9", "2022-06-30", "https://wiki.debian.org/LTS", "stretch" },
  { "debian", "10", "2024-06-30", "https://wiki.debian.org/LTS", "buster" },
  { "debian", "11", "2026-08-31", "https://wiki.debian.org/LTS", "bullseye" },
  { "debian", "12", "2028-06-30", "https://wiki.debian.org/LTS", "bookworm" },
  { "debian", "13", "2030-06-30", "https://wiki.debian.org/LTS", "trixie" },
  -- Alpine
  { "alpine", "3.3", "2017-11-01", EOLD .. "alpine" },
  { "alpine", "3.4", "2018-05-01", EOLD .. "alpine" },
  { "alpine", "3.5", "2018-11-01", EOLD .. "alpine" },
  { "alpine", "3.6", "2019-05-01", EOLD .. "alpine" },
  { "alpine", "3.7", "2019-11-01", EOLD .. "alpine" },
  { "alpine", "3.8", "2020-05-01", EOLD .. "alpine" },
  { "alpine", "3.9", "2020-11-01", EOLD .. "alpine" },
  { "alpine", "3.10", "2021-05-01", EOLD .. "alpine" },
  { "alpine", "3.11", "2021-11-01", EOLD .. "alpine" },
  { "alpine", "3.12", "2022-05-01", EOLD .. "alpine" },
  { "alpine", "3.13", "2022-11-01", EOLD .. "alpine" },
  { "alpine", "3.14", "2023-05-01", EOLD .. "alpine" },
  { "alpine", "3.15", "2023-11-01", EOLD .. "alpine" },
  { "alpine", "3.16", "2024-05-23", EOLD .. "alpine" },
  { "alpine", "3.17", "2024-11-22", EOLD .. "alpine" },
  { "alpine", "3.18", "2025-05-09", EOLD .. "alpine" },
  { "alpine", "3.19", "2025-11-01", EOLD .. "alpine" },
  { "alpine", "3.20", "2026-04-01", EOLD .. "alpine" },
  { "alpine", "3.21", "2026-11-01", EOLD .. "alpine" },
  { "alpine", "3.22", "2027-05-01", EOLD .. "alpine" },
  { "alpine", "3.23", "2027-11-01", EOLD .. "alpine", nil, true },
  { "alpine", "3.24", "2028-05-01", EOLD .. "alpine", nil, true },
  -- CentOS
  { "centos", "6", "2020-11-30", EOLD .. "centos" },
  { "centos", "7", "2024-06-30", EOLD .. "centos" },
  { "centos", "8", "2021-12-31", EOLD .. "centos" },
  { "centos", "stream8", "2024-05-31", EOLD .. "centos-stream" },
  { "centos", "stream9", "2027-05-31", EOLD .. "centos-stream" },
  -- RHEL / UBI
  { "rhel", "6", "2020-11-30", "https://access.redhat.com/support/policy/updates/errata" },
  { "rhel", "7", "2024-06-30", "https://access.redhat.com/support/policy/updates/errata" },
  { "rhel", "8", "2029-05-31", "https://access.redhat.com/support/policy/updates/errata" },
  { "rhel", "9", "2032-05-31", "https://access.redhat.com/support/policy/updates/errata" },
  -- Fedora
  { "fedora", "30", "2020-05-26", EOLD .. "fedora" },
  { "fedora", "31", "2020-11-24", EOLD .. "fedora" },
  { "fedora", "32", "2021-05-25", EOLD .. "fedora" },
  { "fedora", "33", "2021-11-30", EOLD .. "fedora" },
  { "fedora", "34", "2022-06-07", EOLD .. "fedora" },
  { "fedora", "35", "2022-12-13", EOLD .. "fedora" },
  { "fedora", "36", "2023-05-16", EOLD .. "fedora" },
  { "fedora", "37", "2023-12-05", EOLD .. "fedora" },
  { "fedora", "38", "2024-05-21", EOLD .. "fedora" },
  { "fedora", "39", "2024-11-26", EOLD .. "fedora" },
  { "fedora", "40", "2025-05-13", EOLD .. "fedora" },
  { "fedora", "41", "2025-12-15", EOLD .. "fedora" },
  { "fedora", "42", "2026-05-13", EOLD .. "fedora", nil, true },
  { "fedora", "43", "2026-12-09", EOLD .. "fedora", nil, true },
  { "fedora", "44", "2027-05-19", EOLD .. "fedora", nil, true },
  -- Amazon Linux
  { "amazonlinux", "1", "2023-12-31", EOLD .. "amazon-linux" },
  { "amazonlinux", "2018.03", "2023-12-31", EOLD .. "amazon-linux" },
  { "amazonlinux", "2", "2026-06-30", EOLD .. "amazon-linux" },
  { "amazonlinux", "2023", "2029-06-30", EOLD .. "amazon-linux" },
  -- Python
  { "python", "2.7", "2020-01-01", EOLD .. "python" },
  { "python", "3.3", "2017-09-29", EOLD .. "python" },
  { "python", "3.4", "2019-03-18", EOLD .. "python" },
  { "python", "3.5", "2020-09-30", EOLD .. "python" },
  { "python", "3.6", "2021-12-23", EOLD .. "python" },
  { "python", "3.7", "2023-06-27", EOLD .. "python" },
  { "python", "3.8", "2024-10-07", EOLD .. "python" },
  { "python", "3.9", "2025-10-31", EOLD .. "python" },
  { "python", "3.10", "2026-10-31", EOLD .. "python" },
  { "python", "3.11", "2027-10-31", EOLD .. "python" },
  { "python", "3.12", "2028-10-31", EOLD .. "python" },
  { "python", "3.13", "2029-10-31", EOLD .. "python" },
  { "python", "3.14", "2030-10-31", EOLD .. "python" },
  { "python", "3.15", "2031-10-31", EOLD .. "python", nil, true },
  -- Node.js
  { "nodejs", "4", "2018-04-30", EOLD .. "nodejs" },
  { "nodejs", "6", "2019-04-30", EOLD .. "nodejs" },
  { "nodejs", "8", "2019-12-31", EOLD .. "nodejs" },
  { "nodejs", "10", "2021-04-30", EOLD .. "nodejs" },
  { "nodejs", "11", "2019-06-01", EOLD .. "nodejs" },
  { "nodejs", "12", "2022-04-30", EOLD .. "nodejs" },
  { "nodejs", "13", "2020-06-01", EOLD .. "nodejs" },
  { "nodejs", "14", "2023-04-30", EOLD .. "nodejs" },
  { "nodejs", "15", "2021-06-01", EOLD .. "nodejs" },
  { "nodejs", "16", "2023-09-11", EOLD .. "nodejs" },
  { "nodejs", "17", "2022-06-01", EOLD .. "nodejs" },
  { "nodejs", "18", "2025-04-30", EOLD .. "nodejs" },
  { "nodejs", "19", "2023-06-01", EOLD .. "nodejs" },
  { "nodejs", "20", "2026-04-30", EOLD .. "nodejs" },
  { "nodejs", "21", "2024-06-01", EOLD .. "nodejs" },
  { "nodejs", "22", "2027-04-30", EOLD .. "nodejs" },
  { "nodejs", "23", "2025-06-01", EOLD .. "nodejs" },
  { "nodejs", "24", "2028-04-30", EOLD .. "nodejs" },
  { "nodejs", "25", "2026-06-01", EOLD .. "nodejs" },
  { "nodejs", "26", "2029-04-30", EOLD .. "nodejs", nil, true },
  -- Go
  { "go", "1.15", "2021-08-16", EOLD .. "go" },
  { "go", "1.16", "2022-03-15", EOLD .. "go" },
  { "go", "1.17", "2022-08-02", EOLD .. "go" },
  { "go", "1.18", "2023-02-01", EOLD .. "go" },
  { "go", "1.19", "2023-08-08", EOLD .. "go" },
  { "go", "1.20", "2024-02-06", EOLD .. "go" },
  { "go", "1.21", "2024-08-13", EOLD .. "go" },
  { "go", "1.22", "2025-02-11", EOLD .. "go" },
  { "go", "1.23", "2025-08-12", EOLD .. "go" },
  { "go", "1.24", "2026-02-10", EOLD .. "go", nil, true },
  { "go", "1.25", "2026-08-11", EOLD .. "go", nil, true },
  { "go", "1.26", "2027-02-09", EOLD .. "go", nil, true },
  { "go", "1.27", "2027-08-10", EOLD .. "go", nil, true },
  -- PHP
  { "php", "5.6", "2018-12-31", EOLD .. "php" },
  { "php", "7.0", "2019-01-10", EOLD .. "php" },
  { "php", "7.1", "2019-12-01", EOLD .. "php" },
  { "php", "7.2", "2020-11-30", EOLD .. "php" },
  { "php", "7.3", "2021-12-06", EOLD .. "php" },
  { "php", "7.4", "2022-11-28", EOLD .. "php" },
  { "php", "8.0", "2023-11-26", EOLD .. "php" },
  { "php", "8.1", "2025-12-31", EOLD .. "php" },
  { "php", "8.2", "2026-12-31", EOLD .. "php" },
  { "php", "8.3", "2027-12-31", EOLD .. "php" },
  { "php", "8.4", "2028-12-31", EOLD .. "php" },
  { "php", "8.5", "2029-12-31", EOLD .. "php" },
  -- Ruby
  { "ruby", "2.3", "2019-03-31", EOLD .. "ruby" },
  { "ruby", "2.4", "2020-03-31", EOLD .. "ruby" },
  { "ruby", "2.5", "2021-04-05", EOLD .. "ruby" },
  { "ruby", "2.6", "2022-04-12", EOLD .. "ruby" },
  { "ruby", "2.7", "2023-03-31", EOLD .. "ruby" },
  { "ruby", "3.0", "2024-04-23", EOLD .. "ruby" },
  { "ruby", "3.1", "2025-03-26", EOLD .. "ruby" },
  { "ruby", "3.2", "2026-03-31", EOLD .. "ruby" },
  { "ruby", "3.3", "2027-03-31", EOLD .. "ruby" },
  { "ruby", "3.4", "2028-03-31", EOLD .. "ruby" },
  { "ruby", "4.0", "2029-03-31", EOLD .. "ruby", nil, true },
  -- Eclipse Temurin (LTS at least until; feature releases end with the next)
  -- Eclipse Temurin (LTS at least until; feature releases end with the next)
  { "temurin", "8", "2030-12-31", EOLD .. "eclipse-temurin" },
  { "temurin", "11", "2027-10-31", EOLD .. "eclipse-temurin" },
  { "temurin", "16", "2021-09-14", EOLD .. "eclipse-temurin" },
  { "temurin", "17", "2029-10-31", EOLD .. "eclipse-temurin" },
  { "temurin", "18", "2022-09-20", EOLD .. "eclipse-temurin" },
  { "temurin", "19", "2023-03-21", EOLD .. "eclipse-temurin" },
  { "temurin", "20", "2023-09-19", EOLD .. "eclipse-temurin" },
  { "temurin", "21", "2029-12-31", EOLD .. "eclipse-temurin" },
  { "temurin", "22", "2024-09-17", EOLD .. "eclipse-temurin" },
  { "temurin", "23", "2025-03-18", EOLD .. "eclipse-temurin" },
  { "temurin", "24", "2025-09-16", EOLD .. "eclipse-temurin" },
  { "temurin", "25", "2031-09-30", EOLD .. "eclipse-temurin", nil, true },
  { "temurin", "26", "2026-09-15", EOLD .. "eclipse-temurin", nil, true },
  { "temurin", "27", "2027-03-16", EOLD .. "eclipse-temurin", nil, true },
  -- Docker Official openjdk image (deprecated, GA tags frozen in 2022)
  { "openjdk", "6", "2022-07-01", "https://hub.docker.com/_/openjdk", nil, true },
  { "openjdk", "7", "2022-07-01", "https://hub.docker.com/_/openjdk", nil, true },
  { "openjdk", "8", "2022-07-01", "https://hub.docker.com/_/openjdk", nil, true },
  { "openjdk", "9", "2022-07-01", "https://hub.docker.com/_/openjdk", nil, true },
  { "openjdk", "10", "2022-07-01", "https://hub.docker.com/_/openjdk", nil, true },
  { "openjdk", "11", "2022-07-01", "https://hub.docker.com/_/openjdk", nil, true },
  { "openjdk", "12", "2022-07-01", "https://hub.docker.com/_/openjdk", nil, true },
  { "openjdk", "13", "2022-07-01", "https://hub.docker.com/_/openjdk", nil, true },
  { "openjdk", "14", "2022-07-01", "https://hub.docker.com/_/openjdk", nil, true },
  { "openjdk", "15", "2022-07-01", "https://hub.docker.com/_/openjdk", nil, true },
  { "openjdk", "16", "2022-07-01", "https://hub.docker.com/_/openjdk", nil, true },
  { "openjdk", "17", "2022-07-01", "https://hub.docker.com/_/openjdk", nil, true },
  { "openjdk", "18", "2022-07-01", "https://hub.docker.com/_/openjdk", nil, true },
  { "adoptopenjdk", "*", "2021-08-01", "https://hub.docker.com/_/adoptopenjdk", nil, true },
  -- application images: databases, servlet containers, .NET
  { "postgresql", "9.6", "2021-11-11", EOLD .. "postgresql" },
  { "postgresql", "10", "2022-11-10", EOLD .. "postgresql" },
  { "postgresql", "11", "2023-11-09", EOLD .. "postgresql" },
  { "postgresql", "12", "2024-11-21", EOLD .. "postgresql" },
  { "postgresql", "13", "2025-11-13", EOLD .. "postgresql" },
  { "postgresql", "14", "2026-11-12", EOLD .. "postgresql" },
  { "postgresql", "15", "2027-11-11", EOLD .. "postgresql" },
  { "postgresql", "16", "2028-11-09", EOLD .. "postgresql" },
  { "postgresql", "17", "2029-11-08", EOLD .. "postgresql" },
  { "postgresql", "18", "2030-11-14", EOLD .. "postgresql", nil, true },
  { "mysql", "5.6", "2021-02-28", EOLD .. "mysql" },
  { "mysql", "5.7", "2023-10-31", EOLD .. "mysql" },
  { "mysql", "8.0", "2026-04-30", EOLD .. "mysql" },
  { "mysql", "8.4", "2032-04-30", EOLD .. "mysql", nil, true },
  { "mongodb", "3.6", "2021-04-30", EOLD .. "mongodb" },
  { "mongodb", "4.0", "2022-04-30", EOLD .. "mongodb" },
  { "mongodb", "4.2", "2023-04-30", EOLD .. "mongodb" },
  { "mongodb", "4.4", "2024-02-29", EOLD .. "mongodb" },
  { "mongodb", "5.0", "2024-10-31", EOLD .. "mongodb" },
  { "mongodb", "6.0", "2025-07-31", EOLD .. "mongodb" },
  { "mongodb", "7.0", "2027-08-31", EOLD .. "mongodb", nil, true },
  { "mongodb", "8.0", "2029-10-31", EOLD .. "mongodb", nil, true },
  { "tomcat", "7.0", "2021-03-31", EOLD .. "tomcat" },
  { "tomcat", "8.0", "2018-06-30", EOLD .. "tomcat" },
  { "tomcat", "8.5", "2024-03-31", EOLD .. "tomcat" },
  { "tomcat", "10.0", "2022-10-31", EOLD .. "tomcat" },
  { "dotnet", "3.1", "2022-12-13", EOLD .. "dotnet" },
  { "dotnet", "5.0", "2022-05-10", EOLD .. "dotnet" },
  { "dotnet", "6.0", "2024-11-12", EOLD .. "dotnet" },
  { "dotnet", "7.0", "2024-05-14", EOLD .. "dotnet" },
  { "dotnet", "8.0", "2026-11-10", EOLD .. "dotnet" },
  { "dotnet", "9.0", "2026-11-10", EOLD .. "dotnet" },
  { "dotnet", "10.0", "2028-11-14", EOLD .. "dotnet" },
}

M.product_names = {
  ubuntu = "Ubuntu", debian = "Debian", alpine = "Alpine Linux", centos = "CentOS",
  rhel = "RHEL", fedora = "Fedora", amazonlinux = "Amazon Linux", python = "Python",
  nodejs = "Node.js", go = "Go", php = "PHP", ruby = "Ruby", temurin = "Eclipse Temurin",
  openjdk = "OpenJDK (openjdk image)", adoptopenjdk = "AdoptOpenJDK (adoptopenjdk image)",
  postgresql = "PostgreSQL", mysql = "MySQL", mongodb = "MongoDB", tomcat = "Apache Tomcat", dotnet = ".NET",
}

-- Index: M.by[product][cycle] and M.codename[word] → row.
M.by, M.codename = {}, {}
for _, r in ipairs(M.rows) do
  local row = { product = r[1], cycle = r[2], eol = r[3], source = r[4], codename = r[5], approx = r[6] == true }
  M.by[row.product] = M.by[row.product] or {}
  M.by[row.product][row.cycle] = row
  if row.codename then M.codename[row.codename] = row end
end

-- The row for a product and a version string ("3.8.10" → cycle "3.8"), or nil.
-- parts = how many dotted components the cycle has for this product.
local parts = { ubuntu = 2, alpine = 2, python = 2, go = 2, php = 2, ruby = 2, debian = 1,
                centos = 1, rhel = 1, fedora = 1, nodejs = 1, temurin = 1, openjdk = 1,
                postgresql = 1, mysql = 2, mongodb = 2, tomcat = 2, dotnet = 2 }
function M.lookup(product, version)
  local rows = M.by[product]
  if not rows or type(version) ~= "string" then return nil end
  if rows["*"] then return rows["*"] end
  if rows[version] then return rows[version] end
  local n = parts[product] or 1
  local lead = version:match("^[%d%.]+")
  if not lead then return nil end
  local comps = {}
  for c in lead:gmatch("%d+") do comps[#comps + 1] = c end
  if #comps < n then return nil end
  local cycle = table.concat(comps, ".", 1, n)
  if rows[cycle] then return rows[cycle] end
  -- a product whose old cycles have one more component (PostgreSQL 9.6, then 10)
  if #comps > n then return rows[table.concat(comps, ".", 1, n + 1)] end
  return nil
end

-- Image (last path component of the name) → product whose version leads the tag.
M.images = {
  ubuntu = "ubuntu", debian = "debian", alpine = "alpine", centos = "centos", fedora = "fedora",
  amazonlinux = "amazonlinux", python = "python", node = "nodejs", golang = "go", php = "php",
  ruby = "ruby", openjdk = "openjdk", ["eclipse-temurin"] = "temurin", adoptopenjdk = "adoptopenjdk",
  postgres = "postgresql", mysql = "mysql", mongo = "mongodb", tomcat = "tomcat",
}
-- .NET images are mcr.microsoft.com/dotnet/<aspnet|runtime|runtime-deps|sdk>:<version>.
local DOTNET = { aspnet = true, runtime = true, ["runtime-deps"] = true, sdk = true }

-- The rows that apply to an image reference split into name and tag (see
-- docker.parse_image), at most one per product: the product the image is
-- (python:3.7 → Python 3.7), a Red Hat UBI/RHEL in the name (ubi8/…), and a
-- distribution named in the tag (stretch, focal, alpine3.12, centos7).
-- Unknown images and tags give an empty list.
function M.releases(name, tag)
  if not name or name == "" then return {} end
  name = name:lower()
  tag = tag or ""
  local comps = {}
  for c in name:gmatch("[^/]+") do comps[#comps + 1] = c end
  local last = comps[#comps] or ""
  local out, seen = {}, {}
  local function add(row)
    if row and not seen[row.product] then seen[row.product] = true; out[#out + 1] = row end
  end
  for _, c in ipairs(comps) do
    local n = c:match("^ubi(%d+)") or c:match("^rhel(%d+)")
    if n then add(M.lookup("rhel", n)) end
    if c == "adoptopenjdk" then add(M.lookup("adoptopenjdk", "*")) end
  end
  local tokens = {}
  for t in tag:gmatch("[^%-]+") do tokens[#tokens + 1] = t end
  local product = M.images[last]
  if not product and DOTNET[last] and comps[#comps - 1] == "dotnet" then product = "dotnet" end
  if product and tokens[1] then
    local first = tokens[1]
    if product == "centos" then first = first:gsub("^centos", "") end
    if product == "amazonlinux" and first:match("^2%.0%.") then first = "2" end
    add(M.lookup(product, first))
  end
  for k, t in ipairs(tokens) do
    local row = M.codename[t]
    if row and (k > 1 or product == nil or product == row.product) then add(row) end
    local a = t:match("^alpine(%d+%.%d+)$")
    if a then add(M.lookup("alpine", a)) end
    local c = k > 1 and t:match("^centos(%d+)$")
    if c then add(M.lookup("centos", c)) end
  end
  return out
end

-- frameworks/eol.md, generated from the rows above.
function M.markdown()
  local out = {
    "# End-of-life table (eol-base-image)",
    "",
    "Generated from `checks/lib/eol.lua`, which is the source of truth and is embedded",
    "into the binary: edit the Lua table, then regenerate this page (see the end).",
    "",
    ("**As of %s.** Dates were written from the vendors' published schedules (mirrored by"):format(M.as_of),
    "endoflife.date); rows marked *approx.* are a date announced as a month or derived from",
    "a fixed release cadence. eol-base-image reports a FROM image whose release ended",
    "before `plimsoll.today`.",
    "",
    "| product | meaning of the date |",
    "|---|---|",
  }
  local prods = {}
  for p in pairs(M.policy) do prods[#prods + 1] = p end
  table.sort(prods)
  for _, p in ipairs(prods) do out[#out + 1] = ("| %s | %s |"):format(M.product_names[p] or p, M.policy[p]) end
  out[#out + 1] = ""
  out[#out + 1] = "| product | release | codename | end of life | source |"
  out[#out + 1] = "|---|---|---|---|---|"
  for _, r in ipairs(M.rows) do
    out[#out + 1] = ("| %s | %s | %s | %s%s | %s |"):format(M.product_names[r[1]] or r[1], r[2], r[5] or "",
      r[3], r[6] and " (approx.)" or "", r[4])
  end
  out[#out + 1] = ""
  out[#out + 1] = "Regenerate this page after editing the table (a one-off check prints it as the"
  out[#out + 1] = "remediations of its findings, in parts of at most 8 KiB: a remediation holds 16 KiB):"
  out[#out + 1] = ""
  out[#out + 1] = "    mkdir -p /tmp/gen && printf 'FROM scratch\\n' > /tmp/gen/Dockerfile"
  out[#out + 1] = "    printf '%s\\n' 'local c = { id = \"GEN-001\", name = \"gen-eol\", severity = \"info\", inputs = { \"dockerfile\" }, title = \"t\", description = \"d\", remediation = \"r\" } function c.dockerfile(doc, report) local t, k, i = eol.markdown(), 0, 1 while i <= #t do local j = math.min(#t, i + 8000) while j < #t and t:sub(j, j) ~= \"\\n\" do j = j + 1 end k = k + 1 report { message = (\"part %03d\"):format(k), remediation = t:sub(i, j) } i = j + 1 end end return c' > /tmp/gen/gen_eol.lua"
  out[#out + 1] = "    plimsoll scan --checks /tmp/gen --only gen-eol --format json /tmp/gen/Dockerfile | jq -j '[.findings[]] | sort_by(.message) | .[].remediation' > frameworks/eol.md"
  out[#out + 1] = ""
  return table.concat(out, "\n")
end

return M
