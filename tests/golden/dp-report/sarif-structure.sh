# The SARIF log has the keys and types GitHub code scanning reads.
for input in pipeline.ndjson csv-hostile.in; do
	dp-report -f sarif "$input" | jq -e '
	    def level: . == "error" or . == "warning" or . == "note";
	    .version == "2.1.0" and (."$schema" | type) == "string" and
	    (.runs | length) == 1 and
	    .runs[0].tool.driver.name == "dp" and
	    (.runs[0].tool.driver.version | type) == "string" and
	    .runs[0].tool.driver.rules as $rules |
	    ($rules | length) > 0 and
	    all($rules[]; (.id | type) == "string" and
	        (.shortDescription.text | type) == "string" and
	        (.defaultConfiguration.level | level) and
	        (.properties.tags | type) == "array" and
	        (.properties."security-severity" | tonumber) as $s |
	        $s >= 0 and $s <= 10) and
	    (.runs[0].results | length) > 0 and
	    all(.runs[0].results[];
	        (.ruleId | type) == "string" and
	        $rules[.ruleIndex].id == .ruleId and
	        (.level | level) and
	        (.message.text | type) == "string" and
	        (.locations | length) == 1 and
	        (.locations[0].physicalLocation.artifactLocation.uri |
	            type) == "string" and
	        (.locations[0].physicalLocation.region.startLine // 1) >= 1 and
	        (.partialFingerprints."dpFindingId/v1" | type) == "string")'
done
