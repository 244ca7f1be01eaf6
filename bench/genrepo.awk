# Writes the commits of a synthetic history as a git fast-import stream
# (see genrepo.sh).  Variables: n (commits), seed.  Marks 1 to 8 are
# binary blobs written before this stream.
function r(k) { return int(rand() * k) }
function word() { return words[r(nwords)] }
function text_line(  s, k, i) {
	k = 2 + r(8)
	s = indent[r(4)] word()
	for (i = 1; i < k; i++)
		s = s " " word()
	return s
}
function new_text(  k, i, s) {
	k = 5 + r(60)
	s = ""
	for (i = 0; i < k; i++)
		s = s text_line() "\n"
	return s
}
# Replaces, inserts and deletes a few lines of s.
function edit(s,  a, k, i, j, out, m, nedit) {
	k = split(s, a, "\n")
	if (k > 0 && a[k] == "")
		k--
	nedit = 1 + r(4)
	for (j = 0; j < nedit; j++) {
		i = 1 + r(k + 1)
		m = r(3)
		if (m == 0 && i <= k)
			a[i] = text_line()
		else if (m == 1 && i <= k && k > 3) {
			for (; i < k; i++)
				a[i] = a[i + 1]
			k--
		} else {
			for (m = k; m >= i; m--)
				a[m + 1] = a[m]
			a[i] = text_line()
			k++
		}
	}
	out = ""
	for (i = 1; i <= k; i++)
		out = out a[i] "\n"
	return out
}
function new_path(  p) {
	p = dirs[r(ndirs)] "/f" (++made) "." exts[r(4)]
	return p
}
function pick(  i) {
	return paths[1 + r(npaths)]
}
function remove(p,  i) {
	for (i = 1; i <= npaths; i++)
		if (paths[i] == p) {
			paths[i] = paths[npaths]
			delete paths[npaths]
			npaths--
			break
		}
	delete body[p]
	delete mode[p]
	delete isbin[p]
}
function add(p, s, m) {
	if (!(p in body))
		paths[++npaths] = p
	body[p] = s
	mode[p] = m
}
function put(p) {
	if (isbin[p])
		printf "M %s :%d %s\n", mode[p], isbin[p], p
	else
		printf "M %s inline %s\ndata %d\n%s\n", mode[p], p,
		    length(body[p]), body[p]
}
function header(ref, from, msg,  who) {
	who = people[r(5)]
	t += 300 + r(3000)
	printf "commit %s\nmark :%d\n", ref, ++mark
	printf "author %s %d +0000\ncommitter %s %d +0000\n", who, t, who, t
	printf "data %d\n%s\n", length(msg), msg
	if (from != "")
		printf "from :%d\n", from
}
function ops(  k, j, c, p, q) {
	k = 1 + r(4)
	for (j = 0; j < k; j++) {
		c = r(100)
		if (npaths < 8 || c < 12) {
			p = new_path()
			add(p, new_text(), "100644")
		} else if (c < 70) {
			p = pick()
			if (isbin[p])
				isbin[p] = 1 + r(8)
			else
				body[p] = edit(body[p])
		} else if (c < 78) {
			p = pick()
			printf "D %s\n", p
			remove(p)
			continue
		} else if (c < 88) {
			p = pick()
			q = new_path()
			if (isbin[p]) {
				j = k
				continue
			}
			add(q, r(2) ? body[p] : edit(body[p]), mode[p])
			printf "D %s\n", p
			remove(p)
			p = q
		} else if (c < 94) {
			p = pick()
			mode[p] = mode[p] == "100644" ? "100755" : "100644"
		} else {
			p = dirs[r(ndirs)] "/img" (++made) ".gif"
			add(p, "", "100644")
			isbin[p] = 1 + r(8)
		}
		put(p)
	}
}
BEGIN {
	srand(seed)
	nwords = split("the a parser token buffer read write error return " \
	    "if else for while int char size len count node tree list map " \
	    "open close free alloc init next prev value key hash id path",
	    words, " ") + 0
	for (i = 1; i <= nwords; i++)
		words[i - 1] = words[i]
	indent[0] = ""; indent[1] = "\t"; indent[2] = "\t\t"; indent[3] = "    "
	ndirs = split("src src/lib src/lib/io src/cmd doc test test/data " \
	    "include include/dp tools", dirs, " ")
	for (i = 1; i <= ndirs; i++)
		dirs[i - 1] = dirs[i]
	split("c h md txt", exts, " ")
	exts[0] = exts[4]
	people[0] = "Ann Lee <ann@example.com>"
	people[1] = "Bob Roy <bob@corp.test>"
	people[2] = "Cy Dee <cy@example.org>"
	people[3] = "Di Fox <di@example.net>"
	people[4] = "Ed Gil <ed@example.com>"
	mark = 8
	t = 1700000000
	last = ""
	for (i = 1; i <= n; i++) {
		if (i % 100 == 50 && last != "") {
			header("refs/heads/side", last, "side work " i)
			sp = "side/s" i ".txt"
			sb = new_text()
			printf "M 100644 inline %s\ndata %d\n%s\n", sp,
			    length(sb), sb
			side = mark
			i++
			header("refs/heads/main", last, "merge side " i)
			printf "merge :%d\n", side
			add(sp, sb, "100644")
			put(sp)
			last = mark
			continue
		}
		header("refs/heads/main", last, "change " i)
		ops()
		last = mark
	}
}
