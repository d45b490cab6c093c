-- leftover-files: what the build left in an image that the running
-- container does not need: version-control folders, credential folders,
-- build and editor files, package-manager caches and downloaded packages,
-- compilers. Each folder is reported once, not each file in it.
local check = {
  id = "IMG-004", name = "leftover-files", severity = "low", class = "hardening",
  inputs = { "archive" },
  title = "Build leftovers in the image",
  description = [[
A .git folder ships the whole history of the source (and sometimes the
credentials in its config); .aws and .ssh folders hold keys; a Dockerfile,
editor swap files and package caches tell an attacker how the image was made
and add megabytes to every pull; compilers left in a runtime image help an
attacker build tools inside it. Build in one stage and copy only what runs
into the final one, and keep the rest out with .dockerignore.]],
  remediation = "Use a multi-stage build that copies only the application into the final stage, list build files in .dockerignore, and clean package caches in the RUN that fills them.",
}

-- Folders by name: what they are.
local DIRS = {
  [".git"] = "a git repository", [".svn"] = "a Subversion working copy", [".hg"] = "a Mercurial repository",
  [".aws"] = "an AWS credentials folder", [".ssh"] = "an SSH folder", [".kube"] = "a Kubernetes credentials folder",
  [".idea"] = "an IDE project folder", [".vscode"] = "an editor folder",
}
-- Files by name.
local FILES = {
  ["Dockerfile"] = "a Dockerfile", ["Containerfile"] = "a Containerfile", [".dockerignore"] = "a .dockerignore",
  ["docker-compose.yml"] = "a Compose file", ["docker-compose.yaml"] = "a Compose file",
  ["Jenkinsfile"] = "a CI pipeline", [".gitlab-ci.yml"] = "a CI pipeline", [".DS_Store"] = "a macOS folder index",
  [".bash_history"] = "a shell history", [".zsh_history"] = "a shell history", [".python_history"] = "a shell history",
}
-- Caches and downloads by folder path.
local CACHES = {
  ["/var/cache/apt/archives"] = "downloaded .deb packages", ["/var/lib/apt/lists"] = "apt package lists",
  ["/var/cache/apk"] = "the apk cache", ["/var/cache/yum"] = "the yum cache", ["/var/cache/dnf"] = "the dnf cache",
  ["/var/cache/zypp"] = "the zypper cache", ["/root/.cache/pip"] = "the pip cache", ["/root/.npm"] = "the npm cache",
  ["/root/.cache/yarn"] = "the yarn cache", ["/usr/local/share/.cache/yarn"] = "the yarn cache",
  ["/root/.m2/repository"] = "the Maven repository", ["/root/.gradle/caches"] = "the Gradle cache",
  ["/root/.cargo/registry"] = "the Cargo registry", ["/root/go/pkg/mod"] = "the Go module cache",
  ["/root/.cache/go-build"] = "the Go build cache",
}
-- Files in those folders that are not cache contents.
local NOT_CACHE = { lock = true, partial = true, ["."] = true }
-- Compilers and build tools, by name, in bin folders.
local TOOLS = { gcc = true, ["g++"] = true, cc = true, ["c++"] = true, clang = true, make = true, cmake = true }

local function name_matches(p, name) return p:sub(-#name - 1) == "/" .. name end

function check.archive(doc, report)
  local reported_dirs = {}
  local function under_reported(p)
    local d = p:match("^(.*)/[^/]*$")
    while d and d ~= "" do
      if reported_dirs[d] then return true end
      d = d:match("^(.*)/[^/]*$")
    end
    return false
  end
  local cache_files = {}
  for i, f in ipairs(doc.files) do
    local what
    if f.type == "dir" then
      what = DIRS[f.name]
    elseif f.type == "file" or f.type == "hardlink" or f.type == "symlink" then
      what = FILES[f.name]
      local n = f.name
      if not what and n:sub(1, 1) == "." and n:match("^%..*%.sw[op]$") then what = "an editor swap file" end
      if not what and TOOLS[n] and f.path:match("/s?bin/[^/]+$") then what = "a compiler or build tool" end
      if not what and n:sub(1, 4) == "gcc-" and f.path:match("^/usr/bin/gcc%-%d+$") then what = "a compiler or build tool" end
      local p = f.path
      local maybe_cache = p:sub(1, 11) == "/var/cache/" or p:sub(1, 13) == "/var/lib/apt/" or p:sub(1, 6) == "/root/"
        or p:sub(1, 17) == "/usr/local/share/"
      for dir, label in pairs(maybe_cache and CACHES or {}) do
        if f.path:sub(1, #dir + 1) == dir .. "/" and f.type ~= "dir" and not NOT_CACHE[f.name] then
          cache_files[dir] = cache_files[dir] or { i = i, n = 0, label = label }
          cache_files[dir].n = cache_files[dir].n + 1
        end
      end
    end
    if what and not under_reported(f.path) then
      if f.type == "dir" then reported_dirs[f.path] = true end
      report {
        path = archive.path("files", i),
        message = ("%s is %s, left in the image by %s"):format(archive.shown(f.path), what, archive.origin(doc, f.layer)),
      }
    end
  end
  local dirs = {}
  for dir in pairs(cache_files) do dirs[#dirs + 1] = dir end
  table.sort(dirs)
  for _, dir in ipairs(dirs) do
    local c = cache_files[dir]
    report {
      path = archive.path("files", c.i),
      message = ("%s holds %s (%d file%s), left in the image by %s"):format(dir, c.label, c.n, c.n == 1 and "" or "s",
        archive.origin(doc, doc.files[c.i].layer)),
      remediation = "Remove the cache in the RUN that fills it (e.g. apt-get install … && rm -rf /var/lib/apt/lists/*), or keep it out of the layer with RUN --mount=type=cache.",
    }
  end
end

return check
