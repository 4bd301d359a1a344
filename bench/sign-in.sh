# Sourced by the benches that drive Opbx's pages: sign_in URL JAR signs the bench's platform manager in like a browser
# (takes the antiforgery token from the sign-in page, posts the form, keeps the cookies in JAR) and prints the Cookie
# header a browser sends from then on: the session cookie and the antiforgery cookie. Without the latter every page
# would mint a new antiforgery cookie (and say Set-Cookie), as it does only on a browser's first visit.
sign_in() {
  local url=$1 jar=$2 form
  form=$(curl -s -c "$jar" "$url/Identity/Account/Login" | sed -n 's/.*"RequestVerificationToken": "\([^"]*\)".*/\1/p')
  curl -s -b "$jar" -c "$jar" -o /dev/null -d "Input.Email=bench@example.test&Input.Password=Bench-password-1&__RequestVerificationToken=$form" "$url/Identity/Account/Login"
  awk '$6 == "opbx" || $6 ~ /^\.AspNetCore\.Antiforgery\./ { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar"
}
